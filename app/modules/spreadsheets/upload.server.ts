/**
 * Reading a spreadsheet upload (.xlsx or .csv, at most 10 MB) from an import form, the same way on
 * every import page: a post that is not multipart is a bad request, an oversized part 413, control
 * characters refused, then the file checked. `check` looks at the other fields first (the staff
 * page's import kind) and names the error to answer, or null.
 */
import { data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { assertCleanForm } from "~/utils/responses.server";

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

type UploadError = { formError: string };
export type ImportUpload = { ok: true; form: FormData; file: File; bytes: Uint8Array } | { ok: false; response: ReturnType<typeof data<UploadError>> };

const refuse = (formError: string, status: number) => ({ ok: false as const, response: data<UploadError>({ formError }, { status }) });

export async function readImportUpload(request: Request, check?: (form: FormData) => string | null): Promise<ImportUpload> {
  // Only the upload form posts here; anything else is a bad request, not an oversized file.
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) return refuse("validation.required", 400);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }));
  } catch {
    return refuse("common.files.tooLarge", 413);
  }
  assertCleanForm(form);
  const problem = check?.(form);
  if (problem) return refuse(problem, 400);
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return refuse("validation.required", 400);
  if (!/\.(xlsx|csv)$/i.test(file.name)) return refuse("common.files.wrongType", 400);
  return { ok: true, form, file, bytes: new Uint8Array(await file.arrayBuffer()) };
}
