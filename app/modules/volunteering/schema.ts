/** Zod schemas shared by the volunteering forms and actions. Messages are i18n keys. */
import { z } from "zod";
import { fields } from "~/utils/fields";
import { PageSchema } from "~/utils/page-schema";
import { isDistrictCode } from "~/modules/districts/districts";
import { SERVICE_AREAS } from "~/modules/organizations/schema";
import { MAX_REPEAT_WEEKS, PROJECT_STATUSES } from "./types";
import { beijingInstant, beijingToday } from "./time";

const time = () => z.string({ error: "validation.required" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "volunteering.errors.time" });

/** An optional whole number typed in a form ("" → undefined). */
const optionalInt = (min: number, max: number, error: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional());

const requiredInt = (min: number, max: number, error: string) =>
  z
    .string({ error: "validation.required" })
    .trim()
    .min(1, { error: "validation.required" })
    .transform(Number)
    .pipe(z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));

/** Hours typed as "3" or "2.5"; stored as whole minutes. */
const hours = () =>
  z
    .string({ error: "validation.required" })
    .trim()
    .min(1, { error: "validation.required" })
    .regex(/^\d{1,3}(\.\d{1,2})?$/, { error: "volunteering.errors.hoursRange" })
    .transform((v) => Math.round(Number(v) * 60))
    .refine((m) => m > 0 && m <= 24 * 60, { error: "volunteering.errors.hoursRange" });

const skillsList = () =>
  fields.optionalText(200).transform((v) =>
    (v ?? "")
      .split(/[,，、;；\s]+/)
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 12),
  );

/** The description may not carry personal identifiers: it is public and indexed for search. */
const noPersonalData = (s: string) => !/\d{17}[\dXx]/.test(s) && !/(?<!\d)1[3-9]\d{9}(?!\d)/.test(s);

export const ProjectSchema = z
  .object({
    title: fields.text(80, 4),
    description: fields.text(5000, 10).refine(noPersonalData, { error: "validation.noPersonalData" }),
    category: z.enum(SERVICE_AREAS, { error: "validation.choice" }),
    districtCode: z.string({ error: "validation.district" }).refine(isDistrictCode, { error: "validation.district" }),
    address: fields.text(200),
    startDate: fields.date(),
    endDate: fields.date(),
    skills: skillsList(),
    requirements: fields.optionalText(500),
    minAge: optionalInt(0, 100, "volunteering.errors.age"),
    maxAge: optionalInt(0, 120, "volunteering.errors.age"),
    contactName: fields.text(30),
    contactPhone: fields.phone(),
    /** Consent to show the full contact phone to every visitor (masked otherwise). */
    contactPhonePublic: fields.checkbox(),
    cancelCutoffHours: requiredInt(0, 168, "volunteering.errors.cutoffHours"),
  })
  .superRefine((v, ctx) => {
    if (v.endDate < v.startDate) ctx.addIssue({ code: "custom", path: ["endDate"], message: "volunteering.errors.endBeforeStart" });
    if (v.minAge !== undefined && v.maxAge !== undefined && v.maxAge < v.minAge) ctx.addIssue({ code: "custom", path: ["maxAge"], message: "volunteering.errors.ageOrder" });
  });
export type ProjectInput = z.infer<typeof ProjectSchema>;

/** A new project must still be running. Editing an older one keeps its dates. */
export const NewProjectSchema = ProjectSchema.superRefine((v, ctx) => {
  if (v.endDate < beijingToday()) ctx.addIssue({ code: "custom", path: ["endDate"], message: "volunteering.errors.dateInPast" });
});

export const ProjectStatusSchema = z.object({ status: z.enum(PROJECT_STATUSES, { error: "validation.choice" }) });

/** An optional decimal typed in a form ("" → undefined). */
const optionalNumber = (min: number, max: number, error: string) =>
  z
    .string()
    .trim()
    .max(30, { error })
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number({ error }).min(min, { error }).max(max, { error }).optional());

const shiftShape = {
  date: fields.date(),
  startTime: time(),
  endTime: time(),
  place: fields.text(200),
  capacity: requiredInt(1, 10_000, "volunteering.errors.capacity"),
  requiredSkill: fields.optionalText(30),
  // Issue 15.1: the optional place check (all three or none) and the share of the shift a
  // check-in must cover for its hours to count.
  latitude: optionalNumber(-90, 90, "checkin.errors.latitude"),
  longitude: optionalNumber(-180, 180, "checkin.errors.longitude"),
  radiusMeters: optionalInt(20, 5000, "checkin.errors.radius"),
  minCoveragePercent: optionalInt(10, 100, "checkin.errors.coverage"),
};

function shiftPlace(v: { latitude?: number; longitude?: number; radiusMeters?: number }, ctx: z.RefinementCtx) {
  const given = [v.latitude, v.longitude, v.radiusMeters].filter((x) => x !== undefined).length;
  if (given === 0 || given === 3) return;
  for (const key of ["latitude", "longitude", "radiusMeters"] as const) {
    if (v[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: "checkin.errors.placeAllOrNothing" });
  }
}

function shiftTimes(v: { date: string; startTime: string; endTime: string }, ctx: z.RefinementCtx) {
  if (v.endTime <= v.startTime) {
    ctx.addIssue({ code: "custom", path: ["endTime"], message: "volunteering.errors.endBeforeStart" });
    return;
  }
  if (beijingInstant(v.date, v.startTime).getTime() <= Date.now()) ctx.addIssue({ code: "custom", path: ["date"], message: "volunteering.errors.shiftInPast" });
}

export const ShiftSchema = z
  .object({ ...shiftShape, repeatWeeks: requiredInt(1, MAX_REPEAT_WEEKS, "volunteering.errors.repeatWeeks") })
  .superRefine(shiftTimes)
  .superRefine(shiftPlace);
export type ShiftInput = z.infer<typeof ShiftSchema>;

export const ShiftUpdateSchema = z.object(shiftShape).superRefine(shiftTimes).superRefine(shiftPlace);
export type ShiftUpdateInput = z.infer<typeof ShiftUpdateSchema>;

/** The form field is `hours`; the parsed value is whole `minutes`. */
export const HoursSchema = z.object({ hours: hours(), role: fields.text(30) }).transform((v) => ({ minutes: v.hours, role: v.role }));
export type HoursInput = z.infer<typeof HoursSchema>;

/** A correction may set zero hours: the person did not actually serve (the record leaves certificates). */
const correctedHours = () =>
  z
    .string({ error: "validation.required" })
    .trim()
    .min(1, { error: "validation.required" })
    .regex(/^\d{1,3}(\.\d{1,2})?$/, { error: "hours.errors.correctionRange" })
    .transform((v) => Math.round(Number(v) * 60))
    .refine((m) => m >= 0 && m <= 24 * 60, { error: "hours.errors.correctionRange" });

export const CorrectionSchema = z.object({ hours: correctedHours(), role: fields.text(30), note: fields.text(500, 2) }).transform((v) => ({ minutes: v.hours, role: v.role, note: v.note }));
export type CorrectionInput = z.infer<typeof CorrectionSchema>;

export const DisputeSchema = z.object({ reason: fields.text(500, 5).refine(noPersonalData, { error: "validation.noPersonalData" }) });

export const CheckInCodeSchema = z.object({ code: z.string({ error: "validation.required" }).trim().toUpperCase().regex(/^[A-Z0-9]{6}$/, { error: "volunteering.errors.checkInCode" }) });

export const CertificateSchema = z
  .object({ from: fields.date(), to: fields.date() })
  .superRefine((v, ctx) => {
    if (v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "volunteering.errors.endBeforeStart" });
  });

export const VerifySchema = z.object({ code: z.string().trim().toUpperCase().regex(/^[A-Z0-9 -]{6,24}$/).optional().catch(undefined) });

const optionalDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)))
    .optional()
    .catch(undefined);

/** Public listing filters: bad values are ignored rather than refused (they come from URLs). */
export const ListingFilterSchema = z.object({
  district: z.string().refine(isDistrictCode).optional().catch(undefined),
  category: z.enum(SERVICE_AREAS).optional().catch(undefined),
  from: optionalDate(),
  to: optionalDate(),
  open: z.literal("1").optional().catch(undefined),
  page: PageSchema,
});
export type ListingFilter = z.infer<typeof ListingFilterSchema>;

export const RecordFilterSchema = z.object({
  from: optionalDate(),
  to: optionalDate(),
  projectId: z.string().max(40).optional().catch(undefined),
  status: z.enum(["CONFIRMED", "DISPUTED", "CORRECTED"]).optional().catch(undefined),
  page: PageSchema,
});
export type RecordFilter = z.infer<typeof RecordFilterSchema>;

/** What a form on the public project page asks for (/projects/:projectId). */
export const ProjectPageIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("signup"), shiftId: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("cancel"), signupId: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("object") }).passthrough(),
]);
