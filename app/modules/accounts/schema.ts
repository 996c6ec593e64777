import { z } from "zod";
import { fields } from "~/utils/fields";
import { isDistrictCode } from "~/modules/districts/districts";
import { isValidIdNumber, normalizeIdNumber } from "./id-number";

const email = z.string({ error: "validation.required" }).trim().toLowerCase().max(254, { error: "validation.tooLong" }).pipe(z.email({ error: "validation.email" }));

const newPassword = z
  .string({ error: "validation.required" })
  .min(8, { error: "accounts.password_.weak" })
  .max(128, { error: "validation.tooLong" })
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { error: "accounts.password_.weak" });

export const SignUpSchema = z
  .object({
    email,
    displayName: fields.text(40),
    password: newPassword,
    confirmPassword: z.string({ error: "validation.required" }),
    redirectTo: z.string().optional(),
  })
  .refine((v) => v.password === v.confirmPassword, { error: "accounts.password_.mismatch", path: ["confirmPassword"] });

export const SignInSchema = z.object({
  email,
  password: z.string({ error: "validation.required" }).min(1, { error: "validation.required" }).max(128, { error: "validation.tooLong" }),
  redirectTo: z.string().optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "validation.required" }).min(1, { error: "validation.required" }).max(128),
    newPassword,
    confirmPassword: z.string({ error: "validation.required" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { error: "accounts.password_.mismatch", path: ["confirmPassword"] });

export const ProfileSchema = z.object({
  realName: fields.text(30).refine((s) => /^[\p{Script=Han}A-Za-z·•. ]{2,30}$/u.test(s), { error: "validation.invalid" }),
  phone: fields.phone(),
  idNumber: z
    .string()
    .trim()
    .transform(normalizeIdNumber)
    .optional()
    .refine((v) => !v || isValidIdNumber(v), { error: "accounts.profile.idInvalid" }),
  districtCode: z
    .string()
    .optional()
    .refine((v) => !v || isDistrictCode(v), { error: "validation.district" })
    .transform((v) => v || undefined),
  skills: fields.optionalText(200),
});

export const ForgotPasswordSchema = z.object({ email });

export const ResetPasswordSchema = z
  .object({
    token: z.string({ error: "validation.required" }).min(1, { error: "validation.required" }).max(100, { error: "validation.tooLong" }),
    newPassword,
    confirmPassword: z.string({ error: "validation.required" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { error: "accounts.password_.mismatch", path: ["confirmPassword"] });
