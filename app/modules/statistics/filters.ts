import { z } from "zod";
import { isDistrictCode } from "~/modules/districts/districts";

export const ORG_TYPES = ["SOCIAL_GROUP", "SOCIAL_SERVICE_AGENCY", "FOUNDATION"] as const;
export type OrgTypeValue = (typeof ORG_TYPES)[number];
export const PERIOD_KINDS = ["year", "quarter", "month", "custom"] as const;

/** What the dashboard shows: an inclusive day range plus optional district, organization type, organization. */
export type StatsFilter = {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD, inclusive
  districtCode?: string;
  orgType?: OrgTypeValue;
  orgId?: string;
};

export type PeriodInput = {
  period: (typeof PERIOD_KINDS)[number];
  year: number;
  quarter: number;
  month: number;
  from?: string;
  to?: string;
  district?: string;
  orgType?: OrgTypeValue;
};

const dateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "validation.date" }).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(Date.parse(`${s}T00:00:00Z`)).toISOString().startsWith(s), { error: "validation.date" });

/** Query-string schema; every field optional with sensible defaults (the current year, whole city). */
export const periodQuerySchema = z
  .object({
    period: z.enum(PERIOD_KINDS).catch("year"),
    year: z.coerce.number().int().min(2000).max(2100).catch(() => new Date().getFullYear()),
    quarter: z.coerce.number().int().min(1).max(4).catch(1),
    month: z.coerce.number().int().min(1).max(12).catch(1),
    from: dateStr.optional().catch(undefined),
    to: dateStr.optional().catch(undefined),
    district: z.string().optional().transform((v) => (v && isDistrictCode(v) ? v : undefined)),
    orgType: z.enum(ORG_TYPES).optional().catch(undefined),
  })
  .transform((v) => v as PeriodInput);

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function periodRange(p: PeriodInput): { from: string; to: string } {
  switch (p.period) {
    case "quarter": {
      const m1 = (p.quarter - 1) * 3 + 1;
      return { from: `${p.year}-${pad(m1)}-01`, to: `${p.year}-${pad(m1 + 2)}-${pad(lastDay(p.year, m1 + 2))}` };
    }
    case "month":
      return { from: `${p.year}-${pad(p.month)}-01`, to: `${p.year}-${pad(p.month)}-${pad(lastDay(p.year, p.month))}` };
    case "custom": {
      const from = p.from ?? `${p.year}-01-01`;
      const to = p.to ?? `${p.year}-12-31`;
      return from <= to ? { from, to } : { from: to, to: from };
    }
    default:
      return { from: `${p.year}-01-01`, to: `${p.year}-12-31` };
  }
}

export function parseStatsQuery(url: URL, orgId?: string): { input: PeriodInput; filter: StatsFilter } {
  const input = periodQuerySchema.parse(Object.fromEntries(url.searchParams));
  const range = periodRange(input);
  return { input, filter: { ...range, districtCode: input.district, orgType: input.orgType, orgId } };
}

/** The query string of a filter (for links to drill-downs and exports). */
export function filterQuery(input: PeriodInput) {
  const sp = new URLSearchParams();
  sp.set("period", input.period);
  sp.set("year", String(input.year));
  if (input.period === "quarter") sp.set("quarter", String(input.quarter));
  if (input.period === "month") sp.set("month", String(input.month));
  if (input.period === "custom") {
    const r = periodRange(input);
    sp.set("from", r.from);
    sp.set("to", r.to);
  }
  if (input.district) sp.set("district", input.district);
  if (input.orgType) sp.set("orgType", input.orgType);
  return sp.toString();
}

/** Days in the range, inclusive. */
export function dayCount(f: Pick<StatsFilter, "from" | "to">) {
  return Math.round((Date.parse(`${f.to}T00:00:00Z`) - Date.parse(`${f.from}T00:00:00Z`)) / 86_400_000) + 1;
}
