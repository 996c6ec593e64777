import { checkUpload, IMAGE_TYPES, parseMultipart, type UploadedFile } from "~/modules/files/files.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { OrganizationSchema, type OrganizationInput } from "./schema";

export const LOGO_MAX_BYTES = 1024 * 1024;

/** Reads the registration form (multipart, optional logo) and validates it. */
export async function readOrganizationForm(request: Request): Promise<
  { ok: true; data: OrganizationInput; values: Record<string, unknown>; logo?: UploadedFile; formData: FormData } | { ok: false; reply: FormReply }
> {
  const { formData, files } = await parseMultipart(request, LOGO_MAX_BYTES);
  const values = formToObject(formData, ["serviceAreas"]);
  const parsed = parseWithSchema(OrganizationSchema, values);
  const logo = files.find((f) => f.fieldName === "logo");
  const logoError = logo ? checkUpload(logo, IMAGE_TYPES) : null;
  if (!parsed.ok || logoError) {
    const reply = parsed.ok ? { values, fieldErrors: {} } : parsed.reply;
    if (logoError) reply.fieldErrors = { ...reply.fieldErrors, logo: logoError };
    return { ok: false, reply };
  }
  return { ok: true, data: parsed.data, values, logo, formData };
}
