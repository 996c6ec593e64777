/**
 * The published columns of the open data, version 1: stable names, HXL 1.1 hashtags, units. Labels
 * and descriptions are in the `opendata` i18n namespace (`opendata.columns.<key>`), Chinese and
 * English. A column is never renamed or removed within a version; a change of meaning makes v2.
 */
import { AGE_BANDS } from "~/modules/reach/constants";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";

export const OPEN_DATA_VERSION = "v1";
export const LICENCE = { id: "CC-BY-4.0", name: "Creative Commons Attribution 4.0 International", url: "https://creativecommons.org/licenses/by/4.0/" } as const;
/** The city row of the statistics: all districts together (GB/T 2260 code of Chongqing). */
export const CITY_CODE = "500000";

export type ColumnKind = "id" | "count" | "people" | "money" | "hours" | "text" | "flag" | "date";
export type Column = { key: string; hxl: string; kind: ColumnKind; /** i18n label key when not opendata.columns.<key> */ labelKey?: string };

/** Where a people column comes from in the rollups (StatMonthly metric). */
export type PeopleColumn = Column & { metric?: string };

const AGE_HXL: Record<(typeof AGE_BANDS)[number], string> = {
  CHILD: "+children+age0_17",
  ADULT: "+adults+age18_59",
  SENIOR: "+age60_79",
  ELDER: "+age80plus",
};

export const STAT_ID_COLUMNS: Column[] = [
  { key: "district_code", hxl: "#adm2+code", kind: "id" },
  { key: "district_name", hxl: "#adm2+name+i_zh", kind: "text" },
  { key: "district_name_en", hxl: "#adm2+name+i_en", kind: "text" },
  { key: "year", hxl: "#date+year", kind: "id" },
];

/** Counts of things and amounts: published as they are (the public page does the same). */
export const STAT_MEASURE_COLUMNS: (Column & { metric: string; scale?: number })[] = [
  { key: "projects", metric: "projects", hxl: "#indicator+num+projects", kind: "count" },
  { key: "activities", metric: "activities", hxl: "#indicator+num+activities", kind: "count" },
  { key: "volunteer_projects", metric: "volunteer_projects", hxl: "#indicator+num+volunteer_projects", kind: "count" },
  { key: "volunteer_hours", metric: "volunteer_minutes", hxl: "#indicator+num+volunteer_hours", kind: "hours" },
  { key: "money_raised_cny", metric: "money_raised_fen", hxl: "#value+raised+cny", kind: "money" },
  { key: "goods_value_cny", metric: "goods_value_fen", hxl: "#value+goods+cny", kind: "money" },
  { key: "money_disbursed_cny", metric: "money_disbursed_fen", hxl: "#value+disbursed+cny", kind: "money" },
  { key: "consumption_aid_cny", metric: "consumption_aid_fen", hxl: "#value+consumption_aid+cny", kind: "money" },
  { key: "orgs_approved", metric: "orgs_approved", hxl: "#indicator+num+orgs_approved", kind: "count" },
];

/** Counts of people: small ones withheld (see suppression.ts). */
export const STAT_PEOPLE_COLUMNS: PeopleColumn[] = [
  { key: "participants", metric: "participants", hxl: "#indicator+num+participants", kind: "people" },
  { key: "reached", metric: "reach_person_times", hxl: "#reached+ind", kind: "people" },
  { key: "reached_f", metric: "reach_sex:FEMALE", hxl: "#reached+ind+f", kind: "people" },
  { key: "reached_m", metric: "reach_sex:MALE", hxl: "#reached+ind+m", kind: "people" },
  { key: "reached_sex_unknown", hxl: "#reached+ind+sex_unknown", kind: "people" },
  ...AGE_BANDS.map((b) => ({ key: `reached_age_${b.toLowerCase()}`, metric: `reach_age:${b}`, hxl: `#reached+ind${AGE_HXL[b]}`, kind: "people" as const })),
  { key: "reached_age_unknown", hxl: "#reached+ind+age_unknown", kind: "people" },
  ...BENEFICIARY_GROUPS.map((g) => ({ key: `reached_group_${g.toLowerCase()}`, metric: `reach_group:${g}`, hxl: `#reached+ind+${g.toLowerCase()}`, kind: "people" as const })),
];

export const SEX_PARTS = ["reached_f", "reached_m", "reached_sex_unknown"];
export const AGE_PARTS = [...AGE_BANDS.map((b) => `reached_age_${b.toLowerCase()}`), "reached_age_unknown"];

export const STAT_COLUMNS: Column[] = [...STAT_ID_COLUMNS, ...STAT_MEASURE_COLUMNS, ...STAT_PEOPLE_COLUMNS];

export const ORG_COLUMNS: Column[] = [
  { key: "name", hxl: "#org+name", kind: "text" },
  { key: "credit_code", hxl: "#org+code", kind: "id" },
  { key: "type", hxl: "#org+type+code", kind: "id" },
  { key: "type_name", hxl: "#org+type+name+i_zh", kind: "text" },
  { key: "district_code", hxl: "#adm2+code", kind: "id" },
  { key: "district_name", hxl: "#adm2+name+i_zh", kind: "text" },
  { key: "status", hxl: "#status+code", kind: "id" },
  { key: "is_charity", hxl: "#meta+charity", kind: "flag" },
  { key: "public_fundraising", hxl: "#meta+public_fundraising", kind: "flag" },
  { key: "fundraising_certificate", hxl: "#meta+fundraising_certificate", kind: "text" },
  { key: "volunteer_group", hxl: "#meta+volunteer_group", kind: "flag" },
  { key: "founded_on", hxl: "#date+founded", kind: "date" },
  { key: "approved_on", hxl: "#date+approved", kind: "date" },
];

/** Marks in people cells. */
export const SMALL = "<5";
export const WITHHELD = "x";
