/** Zod schemas of the check-in by rotating code (issue 15.1). Messages are i18n keys. */
import { z } from "zod";

const ID = /^[a-z0-9]{1,40}$/i;
export const TotpCode = z.string({ error: "validation.required" }).trim().regex(/^\d{6}$/, { error: "checkin.errors.codeFormat" });

/** From the QR code's URL: anything malformed is simply not filled in. */
export const CheckInQuerySchema = z.object({
  shift: z.string().regex(ID).optional().catch(undefined),
  code: z.string().regex(/^\d{6}$/).optional().catch(undefined),
});

const coordinate = (min: number, max: number) =>
  z
    .string()
    .trim()
    .max(30)
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number({ error: "checkin.errors.position" }).min(min, { error: "checkin.errors.position" }).max(max, { error: "checkin.errors.position" }).optional());

/**
 * The volunteer's form: shift, code, in or out, and the browser's position when it gave one
 * (all three numbers or none: a partial position counts as none).
 */
export const CheckInFormSchema = z
  .object({
    shiftId: z.string({ error: "checkin.errors.shift" }).regex(ID, { error: "checkin.errors.shift" }),
    code: TotpCode,
    kind: z.enum(["IN", "OUT"], { error: "validation.choice" }),
    lat: coordinate(-90, 90),
    lon: coordinate(-180, 180),
    accuracy: coordinate(0, 100_000),
    anyway: z.literal("1").optional(),
  })
  .transform((v) => ({
    shiftId: v.shiftId,
    code: v.code,
    kind: v.kind,
    anyway: v.anyway === "1",
    position: v.lat !== undefined && v.lon !== undefined && v.accuracy !== undefined ? { lat: v.lat, lon: v.lon, accuracy: v.accuracy } : null,
  }));
