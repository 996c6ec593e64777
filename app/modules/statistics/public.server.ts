/**
 * The public aggregate page: city-wide (or one district) figures only, never records, and any
 * count of people below 5 is replaced by "<5" so small groups cannot be singled out.
 */
import type { Dashboard } from "./queries.server";
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
