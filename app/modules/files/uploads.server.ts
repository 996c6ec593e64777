import { randomUUID } from "node:crypto";
import type { Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import type { UploadedFile } from "./files.server";
import { configuredS3, contentDisposition, storageOf, uploadStorage } from "./storage.server";
import { logger } from "~/utils/logger.server";

/**
 * The one writer and the one reader of FileUpload. Every upload helper of the domain (logos, covers,
 * product photos, qualification documents, evidence, receipts, help-request documents) creates its
 * row through `saveUpload`, and every route that hands out a file's bytes goes through `fileResponse`.
 */

export type NewUpload = {
  orgId: string | null;
  uploadedById: string | null;
  purpose: string;
  visibility: "PUBLIC" | "PRIVATE";
  file: Pick<UploadedFile, "fileName" | "mimeType" | "data" | "sha256">;
};

/** A fresh object key: the purpose, the month and a random id (never the file's own name). */
export function newObjectKey(purpose: string, now = new Date()) {
  const safe = purpose.replace(/[^a-z0-9-]/gi, "") || "file";
  return `${safe}/${now.toISOString().slice(0, 7)}/${randomUUID()}`;
}

/**
 * Creates the FileUpload row, storing the bytes where `uploadStorage()` says. With S3 the object is
 * written before the row (inside the caller's transaction): if the transaction then rolls back, an
 * unreferenced object is left behind, never a row without its bytes.
 */
export async function saveUpload(db: Db, input: NewUpload): Promise<{ id: string }> {
  const { file } = input;
  const meta = { orgId: input.orgId, uploadedById: input.uploadedById, purpose: input.purpose, visibility: input.visibility, fileName: file.fileName, mimeType: file.mimeType, size: file.data.length, sha256: file.sha256 };
  const store = uploadStorage(db);
  if (store.kind === "db") {
    return db.fileUpload.create({ data: { ...meta, storage: "db", data: new Uint8Array(file.data) }, select: { id: true } });
  }
  const key = newObjectKey(input.purpose);
  await store.put(key, file.data, file.mimeType);
  return db.fileUpload.create({ data: { ...meta, storage: "s3", storageKey: key }, select: { id: true } });
}

export type StoredFile = { id: string; storage: string; storageKey: string | null; mimeType: string; fileName: string };

/** The select that `readUpload`/`fileResponse` need. */
export const storedFileSelect = { id: true, storage: true, storageKey: true, mimeType: true, fileName: true } as const;

/** The bytes of a stored file, or null when they are gone. */
export async function readUpload(file: Pick<StoredFile, "id" | "storage" | "storageKey">): Promise<Buffer | null> {
  return storageOf(file.storage).get(file.storage === "s3" ? (file.storageKey ?? "") : file.id);
}

const dispositionOf = (mimeType: string) => (mimeType.startsWith("image/") ? "inline" : "attachment");

/**
 * The answer for a file the caller has ALREADY been allowed to read (the permission check is the
 * route's, before this). Private files in S3: a 302 to a presigned GET link that lives
 * `S3_SIGNED_URL_SECONDS` (60 s by default), carrying the file name. Public files (logos, covers,
 * product photos) are streamed through the app so their URL stays stable and cacheable by browsers
 * and a CDN, and pages do not pay a redirect per image. Database files are streamed as before.
 */
export async function fileResponse(file: StoredFile, visibility: "PUBLIC" | "PRIVATE"): Promise<Response> {
  const disposition = dispositionOf(file.mimeType);
  if (file.storage === "s3" && visibility === "PRIVATE") {
    const url = await storageOf("s3").signedUrl(file.storageKey ?? "", { expiresIn: getEnv().S3_SIGNED_URL_SECONDS, fileName: file.fileName, disposition, mimeType: file.mimeType });
    if (url) return new Response(null, { status: 302, headers: { Location: url, "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } });
  }
  const bytes = await readUpload(file);
  if (!bytes) throw new Response("Not Found", { status: 404 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Disposition": contentDisposition(disposition, file.fileName),
      "Cache-Control": visibility === "PUBLIC" ? "public, max-age=86400" : "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** The S3 keys of files about to be deleted (read before the rows go). */
export async function objectKeysOf(db: Db, where: { id: { in: string[] } }): Promise<string[]> {
  const rows = await db.fileUpload.findMany({ where: { ...where, storage: "s3" }, select: { storageKey: true } });
  return rows.map((r) => r.storageKey).filter((k): k is string => !!k);
}

/**
 * Removes S3 objects whose rows were deleted (call after the transaction commits). A failure is
 * not fatal: the row is gone, so nothing links to the object any more; it is reported, not thrown.
 */
export async function removeObjects(keys: string[]): Promise<void> {
  const s3 = configuredS3();
  if (!s3 || keys.length === 0) return;
  for (const key of keys) {
    try {
      await s3.remove(key);
    } catch (e) {
      logger().error(`[files] could not remove object ${key}: ${(e as Error).message}`);
    }
  }
}
