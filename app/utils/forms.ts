import { z } from "zod";

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

/** Reusable Zod pieces whose messages are i18n keys. */
export const fields = {
  text: (max: number, min = 1) =>
    z
      .string({ error: "validation.required" })
      .trim()
      .min(1, { error: "validation.required" })
      .min(min, { error: "validation.tooShort" })
      .max(max, { error: "validation.tooLong" }),
  optionalText: (max: number) =>
    z
      .string()
      .trim()
      .max(max, { error: "validation.tooLong" })
      .optional()
      .transform((v) => (v ? v : undefined)),
  checkbox: () =>
    z
      .enum(["on", "true", "false", ""], { error: "validation.invalid" })
      .optional()
      .transform((v) => v === "on" || v === "true"),
  phone: () =>
    z
      .string({ error: "validation.required" })
      .trim()
      .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, { error: "validation.phone" }),
  date: () =>
    z
      .string({ error: "validation.required" })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "validation.date" })
      .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { error: "validation.date" }),
};
