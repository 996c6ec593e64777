import { z } from "zod";
import { fields } from "~/utils/fields";

/** The longest period one national export may cover. */
export const NATIONAL_MAX_PERIOD_DAYS = 366;

const utc = (s: string) => new Date(`${s}T00:00:00Z`);

/** The period of a national export (calendar dates, both included): from ≤ to, at most one year. */
export const NationalPeriodSchema = z
  .object({ from: fields.date(), to: fields.date() })
  .superRefine((p, ctx) => {
    const from = utc(p.from);
    const to = utc(p.to);
    if (from > to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "national.period.order" });
      return;
    }
    const oneYearOn = new Date(from);
    oneYearOn.setUTCFullYear(oneYearOn.getUTCFullYear() + 1);
    if (to >= oneYearOn) ctx.addIssue({ code: "custom", path: ["to"], message: "national.period.tooLong" });
  });

export type NationalPeriodInput = z.infer<typeof NationalPeriodSchema>;
export type NationalPeriod = { from: Date; to: Date; fromText: string; toText: string };

export const toNationalPeriod = (p: NationalPeriodInput): NationalPeriod => ({ from: utc(p.from), to: utc(p.to), fromText: p.from, toText: p.to });
