import { checkUpload, IMAGE_TYPES, parseMultipart, type UploadedFile } from "~/modules/files/files.server";
import { formToObject, type FormReply } from "~/utils/forms";
import { AppError } from "~/utils/errors";
import { PHOTO_MAX_BYTES } from "./rules";

/**
 * Reads a product page's form: multipart (photos, images only, 2 MB each, at most MAX_FILE_PARTS
 * per form) or a plain form. A bad upload becomes a field error on `photo`; the typed values stay.
 */
export async function readProductForm(request: Request): Promise<{ ok: true; values: Record<string, unknown>; photos: UploadedFile[] } | { ok: false; reply: FormReply }> {
  let parsed: Awaited<ReturnType<typeof parseMultipart>>;
  try {
    parsed = await parseMultipart(request, PHOTO_MAX_BYTES);
  } catch (e) {
    if (e instanceof AppError) return { ok: false, reply: { values: {}, formError: e.messageKey } };
    throw e;
  }
  const values = formToObject(parsed.formData);
  const photos = parsed.files.filter((f) => f.fieldName === "photo");
  for (const photo of photos) {
    const error = checkUpload(photo, IMAGE_TYPES);
    if (error) return { ok: false, reply: { values, fieldErrors: { photo: error } } };
  }
  return { ok: true, values, photos };
}
