// Zod only as types here: route modules import this for their actions, and the browser bundle of a
// route must not pull Zod in (#17.4). The schema pieces live in fields.ts.
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export type FormReply = {
  values: Record<string, unknown>;
  fieldErrors?: FieldErrors;
  formError?: string;
  formErrorParams?: Record<string, string | number>;
};

/**
 * Reads a form into a plain object: repeated names become arrays (for checkboxes), files are left
 * out (handled separately), strings are trimmed.
 */
export function formToObject(formData: FormData, arrayFields: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of formData.entries()) {
    if (typeof raw !== "string") continue;
    const value = raw.trim();
    if (arrayFields.includes(key)) {
      (out[key] as string[] | undefined) ? (out[key] as string[]).push(value) : (out[key] = [value]);
    } else {
      out[key] = value;
    }
  }
  for (const key of arrayFields) if (!(key in out)) out[key] = [];
  return out;
}

/**
 * Validates with Zod. Error messages in schemas are i18n keys (e.g. "validation.required"), so the
 * reply can be rendered in the user's language. The first error per field wins.
 */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  values: Record<string, unknown>,
): { ok: true; data: z.infer<S> } | { ok: false; reply: FormReply } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  let formError: string | undefined;
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "";
    const message = issue.message.includes(".") && !issue.message.includes(" ") ? issue.message : "validation.invalid";
    if (!key) formError ??= message;
    else fieldErrors[key] ??= message;
  }
  // Never echo passwords back into the form.
  const safeValues = Object.fromEntries(Object.entries(values).filter(([k]) => !/password/i.test(k)));
  return { ok: false, reply: { values: safeValues, fieldErrors, formError } };
}
