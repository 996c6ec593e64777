import { z } from "zod";

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
