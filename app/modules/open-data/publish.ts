/**
 * The two shapes of every open-data file: CSV (RFC 4180, UTF-8 with a BOM, headers on the first
 * row, HXL hashtags on the second) and JSON (the same rows with the metadata and the dictionary).
 */
import { makeT, type TFunction } from "~/modules/i18n/i18n";
import { toCsv } from "~/modules/spreadsheets/csv";
import { AGE_BANDS } from "~/modules/reach/constants";
import { LICENCE, OPEN_DATA_VERSION, SMALL, WITHHELD, type Column } from "./dictionary";
import type { OpenRow } from "./statistics.server";

export const CSV_TYPE = "text/csv; charset=utf-8";
export const JSON_TYPE = "application/json; charset=utf-8";

/** Headers of a public download: cacheable for an hour (the figures move as records arrive), open to any site. */
export function openDataHeaders(type: string, filename: string): HeadersInit {
  return {
    "Content-Type": type,
    "Cache-Control": "public, max-age=3600, stale-while-revalidate=86400",
    "Access-Control-Allow-Origin": "*",
    "Content-Disposition": `inline; filename="${filename}"`,
    "X-Content-Type-Options": "nosniff",
  };
}

export function openCsv(columns: Column[], rows: OpenRow[]): string {
  return toCsv([columns.map((c) => c.key), columns.map((c) => c.hxl), ...rows.map((r) => columns.map((c) => r[c.key] ?? ""))]);
}

/** Label and description of a column in one language. */
export function columnText(c: Column, t: TFunction): { label: string; description: string } {
  const group = /^reached_group_(.+)$/.exec(c.key);
  if (group) {
    const name = t(`common.beneficiaryGroups.${group[1]!.toUpperCase()}`);
    return { label: t("opendata.templates.groupLabel", { group: name }), description: t("opendata.templates.groupDesc", { group: name }) };
  }
  const age = /^reached_age_(.+)$/.exec(c.key);
  if (age && (AGE_BANDS as readonly string[]).includes(age[1]!.toUpperCase())) {
    const band = t(`stats.ageBands.${age[1]!.toUpperCase()}`);
    return { label: t("opendata.templates.ageLabel", { band }), description: t("opendata.templates.ageDesc", { band }) };
  }
  return { label: t(`opendata.columns.${c.key}.label`), description: t(`opendata.columns.${c.key}.desc`) };
}

export function dictionary(columns: Column[]) {
  const zh = makeT("zh-CN");
  const en = makeT("en");
  return columns.map((c) => {
    const z = columnText(c, zh);
    const e = columnText(c, en);
    return { key: c.key, hxl: c.hxl, kind: c.kind, label: { "zh-CN": z.label, en: e.label }, description: { "zh-CN": z.description, en: e.description } };
  });
}

export function openJson(dataset: "statistics" | "organizations", columns: Column[], rows: OpenRow[], generated: Date) {
  const zh = makeT("zh-CN");
  const en = makeT("en");
  return {
    version: OPEN_DATA_VERSION,
    dataset,
    title: { "zh-CN": zh(`opendata.datasets.${dataset}.title`), en: en(`opendata.datasets.${dataset}.title`) },
    generated: generated.toISOString(),
    licence: { ...LICENCE, attribution: { "zh-CN": zh("opendata.attribution"), en: en("opendata.attribution") } },
    ...(dataset === "statistics"
      ? { suppression: { [SMALL]: { "zh-CN": zh("opendata.marks.small"), en: en("opendata.marks.small") }, [WITHHELD]: { "zh-CN": zh("opendata.marks.withheld"), en: en("opendata.marks.withheld") } } }
      : {}),
    dictionary: dictionary(columns),
    rows,
  };
}
