import { createHash } from "node:crypto";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { AppError } from "~/utils/errors";
import { hasControlChars, INPUT_ERRORS, MAX_FILE_PARTS, MAX_TEXT_PART_BYTES } from "~/utils/input-limits";
import { assertCleanForm, inputError, readFormData } from "~/utils/responses.server";

export type UploadedFile = { fieldName: string; fileName: string; mimeType: string; data: Buffer; size: number; sha256: string; tooLarge: boolean };

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export const DOCUMENT_TYPES = [...IMAGE_TYPES, "application/pdf"] as const;

/** Detects the real type from the first bytes; the browser's claimed type is not trusted. */
export function sniffMimeType(data: Buffer): string | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "image/jpeg";
  if (data.length >= 12 && data.subarray(0, 4).toString("latin1") === "RIFF" && data.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  if (data.length >= 5 && data.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  return null;
}

/**
 * Parses a multipart form, keeping every text field and collecting files in memory up to
 * `maxBytes` each. An oversized file is marked instead of aborting the parse, so the form can
 * answer with a message and keep what the user typed.
 */
export async function parseMultipart(request: Request, maxBytes: number): Promise<{ formData: FormData; files: UploadedFile[] }> {
  const files: UploadedFile[] = [];
  let fileParts = 0;
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (hasControlChars(name) || (filename && hasControlChars(filename))) throw new AppError(INPUT_ERRORS.controlChars, 400);
    if (filename && ++fileParts > MAX_FILE_PARTS) throw new AppError(INPUT_ERRORS.tooManyFiles, 413);
    if (!filename) {
      // A text part: collect it as a string.
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.length;
        if (size > MAX_TEXT_PART_BYTES) throw new AppError(INPUT_ERRORS.tooLarge, 413);
        chunks.push(chunk);
      }
      return Buffer.concat(chunks).toString("utf8");
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of data) {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    }
    if (size === 0) return undefined;
    const buf = Buffer.concat(chunks);
    files.push({ fieldName: name, fileName: filename.slice(0, 200), mimeType: contentType, data: buf, size, sha256: createHash("sha256").update(buf).digest("hex"), tooLarge });
    return undefined;
  };
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) return { formData: await readFormData(request), files };
  try {
    const formData = await unstable_parseMultipartFormData(request, handler);
    assertCleanForm(formData);
    return { formData, files };
  } catch (e) {
    if (e instanceof Response) throw e;
    if (e instanceof AppError) throw inputError(e.status === 413 ? 413 : 400, e.messageKey);
    // A truncated or malformed multipart body is the client's fault, not a server error.
    throw new Response(JSON.stringify({ messageKey: "errors.http.400" }), { status: 400, headers: { "Content-Type": "application/json" } });
  }
}

/** Validates an upload; returns the field error key, or null when acceptable. */
export function checkUpload(file: UploadedFile, allowed: readonly string[]): string | null {
  if (file.tooLarge) return "common.files.tooLarge";
  const real = sniffMimeType(file.data);
  if (!real || !allowed.includes(real)) return "common.files.wrongType";
  file.mimeType = real;
  return null;
}
