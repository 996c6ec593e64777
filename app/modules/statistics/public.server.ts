/**
 * The public aggregate page: city-wide (or one district) figures only, never records, and any
 * count of people below 5 is replaced by "<5" so small groups cannot be singled out.
 */
import type { Dashboard } from "./queries.server";
import type { TFunction } from "~/modules/i18n/i18n";
import type { ConsumptionExtras } from "./consumption.server";
import { consumptionView } from "./consumption-view";
import { derived } from "./queries.server";
import { AGE_BANDS } from "~/modules/reach/constants";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";

export const MIN_PUBLIC_COUNT = 5;

/** A count of people as the public may see it. */
export const publicCount = (n: number): number | "<5" => (n > 0 && n < MIN_PUBLIC_COUNT ? "<5" : n);

export function publicFigures(d: Dashboard) {
  const h = derived(d);
  const by = (prefix: string, keys: readonly string[]) => keys.map((k) => ({ key: k, value: publicCount(d.totals[`${prefix}${k}`] ?? 0) }));
  return {
    projects: h.projects,
    activities: h.activities,
    participants: publicCount(h.participants),
    moneyAndGoodsFen: h.moneyAndGoodsFen,
    reachPersonTimes: publicCount(h.reachPersonTimes),
    uniquePersons: publicCount(h.uniquePersons),
    volunteerHours: h.volunteerHours,
    groups: by("reach_group:", BENEFICIARY_GROUPS),
    ages: by("reach_age:", AGE_BANDS),
    sexes: by("reach_sex:", ["MALE", "FEMALE"]),
  };
}

/**
 * The consumption-aid section as the public may see it: money by channel, district, category,
 * buyer kind and approved producer (no records, no buyers), and households lifted as a count of
 * households, "<5" when small.
 */
export function publicConsumption(d: Dashboard, extras: ConsumptionExtras, t: TFunction, locale: string) {
  const h = derived(d);
  const { tables } = consumptionView(d, extras, t, locale);
  return { totalFen: h.consumptionAidFen, sales: h.consumptionSales, households: publicCount(extras.households.total), tables };
}
