import { z } from "zod";
import { fields } from "~/utils/fields";
import { DISTRICT_CODES } from "~/modules/districts/districts";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";

export const ACTIVITY_KINDS = ["POVERTY_RELIEF", "VISIT", "CONSUMPTION_AID", "EDUCATION", "HEALTH", "ELDERLY_CARE", "DISABILITY", "TRAINING", "DISASTER", "OTHER"] as const;
export const SERVICE_AREAS = ["POVERTY_RELIEF", "CONSUMPTION_AID", "ELDERLY", "CHILDREN", "DISABLED", "EDUCATION", "HEALTH", "DISASTER", "EMERGENCY", "COMMUNITY", "ENVIRONMENT", "OTHER"] as const;

const count = () => z.coerce.number({ error: "validation.number" }).int({ error: "validation.number" }).min(0, { error: "validation.number" }).max(1_000_000, { error: "validation.number" });

export const activitySchema = z
  .object({
    title: fields.text(100),
    kind: z.enum(ACTIVITY_KINDS, { error: "validation.choice" }),
    heldOn: fields.date(),
    districtCode: z.enum(DISTRICT_CODES, { error: "validation.district" }),
    place: fields.optionalText(100),
    reliefProjectId: fields.optionalText(40),
    needId: fields.optionalText(40),
    participants: count(),
    volunteers: count(),
    staff: count(),
    beneficiaryIds: z.array(z.string().max(40)).max(500),
    headCount: count().catch(0),
    groups: z.array(z.enum(BENEFICIARY_GROUPS, { error: "validation.choice" })).max(BENEFICIARY_GROUPS.length),
    note: fields.optionalText(500),
  })
  .refine((v) => v.participants >= v.volunteers + v.staff, { path: ["participants"], error: "stats.activities.errors.participantsTooFew" });

export const reliefProjectSchema = z.object({
  name: fields.text(100),
  category: z.enum(SERVICE_AREAS, { error: "validation.choice" }),
  districtCode: z.enum(DISTRICT_CODES, { error: "validation.district" }),
  startsOn: fields.date(),
  endsOn: fields.date().optional().or(z.literal("").transform(() => undefined)),
  description: fields.optionalText(1000),
});

export type ActivityInput = z.infer<typeof activitySchema>;
export type ReliefProjectInput = z.infer<typeof reliefProjectSchema>;
