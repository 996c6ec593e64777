import type { z } from "zod";
import { checkUpload, IMAGE_TYPES, parseMultipart, type UploadedFile } from "~/modules/files/files.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { AppError } from "~/utils/errors";
import { COVER_MAX_BYTES } from "./types";
import type { ProjectInput } from "./schema";

/** Reads the project form (multipart with an optional cover image, 2 MB, images only) and validates it. */
export async function readProjectForm(
  request: Request,
  schema: z.ZodType<ProjectInput, Record<string, unknown>>,
): Promise<{ ok: true; data: ProjectInput; values: Record<string, unknown>; cover?: UploadedFile } | { ok: false; reply: FormReply }> {
  let parsedForm: { formData: FormData; files: UploadedFile[] };
  try {
    parsedForm = await parseMultipart(request, COVER_MAX_BYTES);
  } catch (e) {
    if (e instanceof AppError) return { ok: false, reply: { values: {}, formError: e.messageKey } };
    throw e;
  }
  const values = formToObject(parsedForm.formData);
  const parsed = parseWithSchema(schema, values);
  const cover = parsedForm.files.find((f) => f.fieldName === "cover");
  const coverError = cover ? checkUpload(cover, IMAGE_TYPES) : null;
  if (!parsed.ok || coverError) {
    const reply: FormReply = parsed.ok ? { values, fieldErrors: {} } : parsed.reply;
    if (coverError) reply.fieldErrors = { ...reply.fieldErrors, cover: coverError };
    return { ok: false, reply };
  }
  return { ok: true, data: parsed.data, values, cover };
}
