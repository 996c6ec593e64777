/**
 * The dry run's rules: every row of the sheet checked against its kind's template, every problem
 * kept (row, column, i18n key and parameters), and the typed rows returned when there are none.
 */
import { prisma, type Db } from "~/utils/db.server";
import zhStats from "~/modules/i18n/locales/zh-CN/stats";
import zhCommon from "~/modules/i18n/locales/zh-CN/common";
import { DISTRICTS, isDistrictCode } from "~/modules/districts/districts";
import type { ReachSourceValue } from "~/modules/reach/constants";
import { GROUP_BY_CHINESE, type BeneficiaryGroupValue } from "~/modules/beneficiaries/groups";
import { yuanToFen } from "~/modules/goods/schema";
import { MAX_IMPORT_ROWS, TEMPLATES, type ColumnDef, type ImportKind } from "./templates";
import type { ImportError, ImportErrorParams } from "./import-errors";

type Cells = Record<string, string>;
export type ValidRow = { row: number; orgId: string; data: Record<string, unknown> };
export type ValidateOptions = {
  db?: Db;
  /** Called every few rows while checking (and once at the start), for the progress bar. */
  onProgress?: (done: number, total: number) => Promise<unknown>;
};

const OLD = "stats.import.errors.";
const NEW = "stats.importer.errors.";

// Chinese labels as written in the template → enum values.
const invert = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k]));
const ACTIVITY_KIND = invert(zhStats.activityKinds);
const GOODS_CATEGORY = invert(zhStats.goodsCategories);
const REACH_SOURCE = invert(zhStats.reachSources);
const SERVICE_AREA = invert(zhCommon.serviceAreas);
const DISTRICT_BY_NAME = new Map<string, string>();
for (const d of DISTRICTS) {
  DISTRICT_BY_NAME.set(d.name, d.code);
  DISTRICT_BY_NAME.set(d.name.replace(/(土家族|苗族)+自治县$/, "").replace(/[区县]$/, ""), d.code);
}
/** A district cell (code, full name or short name such as 石柱) as its code; undefined when unknown. */
export const districtCodeOf = (v: string) => (isDistrictCode(v) ? v : DISTRICT_BY_NAME.get(v));

export const colLetter = (i: number) => {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

export function today() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

export const squash = (h: string) => h.replace(/\s+/g, "");

/** A date cell (2020-3-5, 2020/03/05, 2020年3月5日) as YYYY-MM-DD, or which rule it breaks. */
export function parseSheetDate(v: string, maxDate: string): { value: string } | { error: "date" | "dateRange" } {
  const norm = v.replace(/[/.年月]/g, "-").replace(/日$/, "").replace(/-(\d)(?=-|$)/g, "-0$1");
  const parsed = new Date(`${norm}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(norm) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== norm) return { error: "date" };
  if (norm < "2000-01-01" || norm > maxDate) return { error: "dateRange" };
  return { value: norm };
}

/** Header problems: required columns absent, or none of an `either` group present. */
function missingColumns(cols: ColumnDef[], index: Map<string, number>): string[] {
  const missing = cols.filter((c) => c.required && index.get(c.key)! < 0).map((c) => c.header);
  const groups = new Map<string, ColumnDef[]>();
  for (const c of cols) if (c.either) groups.set(c.either, [...(groups.get(c.either) ?? []), c]);
  for (const group of groups.values()) if (group.every((c) => index.get(c.key)! < 0)) missing.push(group.map((c) => c.header).join(" / "));
  return missing;
}

/** Organizations named by credit code and by name (a name used by several is ambiguous). */
async function findOrgs(db: Db, codes: string[], names: string[]) {
  const byCode = new Map(
    codes.length ? (await db.organization.findMany({ where: { creditCode: { in: codes } }, select: { id: true, creditCode: true } })).map((o) => [o.creditCode, o.id]) : [],
  );
  const byName = new Map<string, string[]>();
  if (names.length) {
    for (const o of await db.organization.findMany({ where: { name: { in: names } }, select: { id: true, name: true } })) byName.set(o.name, [...(byName.get(o.name) ?? []), o.id]);
  }
  return { byCode, byName };
}

/** Validates the whole sheet; returns every error, or the typed rows when there are none. */
export async function validateSheet(kind: ImportKind, rows: string[][], options: ValidateOptions = {}): Promise<{ errors: ImportError[]; valid: ValidRow[]; total: number }> {
  const db = options.db ?? prisma;
  const cols = TEMPLATES[kind];
  const header = (rows[0] ?? []).map(squash);
  const index = new Map(cols.map((c) => [c.key, header.indexOf(squash(c.header))]));
  const missing = missingColumns(cols, index);
  if (missing.length) return { errors: [{ row: 1, key: `${OLD}headers`, params: { columns: missing } }], valid: [], total: 0 };
  const body = rows.slice(1).map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (!body.length) return { errors: [{ row: 2, key: `${OLD}empty` }], valid: [], total: 0 };
  if (body.length > MAX_IMPORT_ROWS) return { errors: [{ row: MAX_IMPORT_ROWS + 2, key: `${OLD}tooMany`, params: { max: MAX_IMPORT_ROWS } }], valid: [], total: body.length };

  const cell = (cells: string[], key: string) => {
    const i = index.get(key)!;
    return i < 0 ? "" : (cells[i] ?? "").trim();
  };
  const distinct = (key: string, normalize = (s: string) => s) => [...new Set(body.map((r) => normalize(cell(r.cells, key))).filter(Boolean))];
  const orgs = await findOrgs(db, distinct("creditCode", (s) => s.toUpperCase()), kind === "projects" ? distinct("orgName") : []);

  const errors: ImportError[] = [];
  const valid: ValidRow[] = [];
  const maxDate = today();
  const step = Math.max(1, Math.floor(body.length / 50));
  await options.onProgress?.(0, body.length);
  for (const [n, { row, cells }] of body.entries()) {
    if (n > 0 && n % step === 0) await options.onProgress?.(n, body.length);
    const c: Cells = {};
    for (const col of cols) c[col.key] = cell(cells, col.key);
    const bad = (key: string, errorKey: string, params?: ImportErrorParams) => {
      const col = cols.find((x) => x.key === key)!;
      errors.push({ row, column: { header: col.header, letter: colLetter(index.get(key)!) }, key: errorKey, params });
    };
    const before = errors.length;
    for (const col of cols) if (col.required && !c[col.key]) bad(col.key, `${OLD}required`);
    const text = (key: string, max: number) => {
      if (c[key] && [...c[key]!].length > max) bad(key, `${OLD}tooLong`, { max });
      return c[key] || undefined;
    };
    const date = (key: string) => {
      const v = c[key];
      if (!v) return undefined;
      const parsed = parseSheetDate(v, maxDate);
      if ("error" in parsed) {
        bad(key, `${OLD}${parsed.error}`);
        return undefined;
      }
      return parsed.value;
    };
    /** A year (2019, 2019年) means its first day; a full date is taken as it is. */
    const yearStart = (key: string) => {
      const v = c[key];
      if (!v) return undefined;
      const year = /^(\d{4})(?:\.0+)?年?$/.exec(v)?.[1];
      if (!year) return /^\d{4}\D/.test(v) ? date(key) : (bad(key, `${NEW}year`), undefined);
      if (year < "2000" || year > maxDate.slice(0, 4)) {
        bad(key, `${NEW}yearRange`, { year: maxDate.slice(0, 4) });
        return undefined;
      }
      return `${year}-01-01`;
    };
    const int = (key: string, min: number) => {
      const v = c[key];
      if (!v) return 0;
      if (!/^\d{1,9}$/.test(v.replace(/,/g, ""))) {
        bad(key, `${OLD}integer`);
        return undefined;
      }
      const n = Number(v.replace(/,/g, ""));
      if (n < min) {
        bad(key, `${OLD}positive`);
        return undefined;
      }
      return n;
    };
    const money = (key: string) => {
      const v = c[key];
      if (!v) return undefined;
      const fen = yuanToFen(v);
      if (fen === null) bad(key, `${OLD}money`);
      else if (fen <= 0n) bad(key, `${OLD}positive`);
      else return fen;
      return undefined;
    };
    const choice = (key: string, map: Record<string, string>) => {
      const v = c[key];
      if (!v) return undefined;
      const found = map[v] ?? (Object.values(map).includes(v) ? v : undefined);
      if (!found) bad(key, `${OLD}choice`, { options: Object.keys(map) });
      return found;
    };
    const district = (key: string) => {
      const v = c[key];
      if (!v) return undefined;
      const code = isDistrictCode(v) ? v : DISTRICT_BY_NAME.get(v);
      if (!code) bad(key, `${OLD}district`);
      return code;
    };
    const groups = (key: string): BeneficiaryGroupValue[] => {
      const out: BeneficiaryGroupValue[] = [];
      for (const g of (c[key] ?? "").split(/[、,，;；\s]+/).filter(Boolean)) {
        const v = GROUP_BY_CHINESE[g];
        if (v) out.push(v);
        else bad(key, `${OLD}group`, { value: g });
      }
      return out;
    };
    const org = (): string | undefined => {
      if (c.creditCode) {
        const id = orgs.byCode.get(c.creditCode.toUpperCase());
        if (!id) bad("creditCode", `${OLD}org`);
        return id;
      }
      if (c.orgName) {
        const ids = orgs.byName.get(c.orgName) ?? [];
        if (ids.length !== 1) bad("orgName", ids.length ? `${NEW}orgAmbiguous` : `${NEW}orgName`);
        return ids.length === 1 ? ids[0] : undefined;
      }
      // Only reached when neither is filled: required columns already said so, or the either rule does.
      const first = cols.find((x) => x.either === "org" && index.get(x.key)! >= 0);
      if (first) bad(first.key, `${NEW}orgEither`);
      return undefined;
    };
    const orgId = org();

    let data: Record<string, unknown> = {};
    if (kind === "activities") {
      const participants = int("participants", 0);
      const volunteers = int("volunteers", 0);
      const staff = int("staff", 0);
      data = { title: text("title", 100), kind: choice("kind", ACTIVITY_KIND), heldOn: date("date"), districtCode: district("district"), place: text("place", 100), participants, volunteers, staff, headCount: int("reach", 0), groups: groups("groups") };
      if (participants !== undefined && volunteers !== undefined && staff !== undefined && participants < volunteers + staff) bad("participants", `${OLD}participants`);
    } else if (kind === "goods") {
      data = {
        donorName: text("donor", 80),
        itemName: text("item", 60),
        category: choice("category", GOODS_CATEGORY),
        unit: text("unit", 10),
        quantity: c.quantity ? int("quantity", 1) : undefined,
        value: money("value"),
        receivedOn: date("date"),
        districtCode: district("district"),
      };
    } else if (kind === "donations") {
      data = { donorName: text("donor", 100), amountFen: money("amount"), occurredOn: date("date"), source: text("source", 100), reference: text("reference", 100) };
    } else if (kind === "projects") {
      data = { name: text("name", 100), districtCode: district("district"), startsOn: yearStart("year"), category: choice("category", SERVICE_AREA) ?? "POVERTY_RELIEF", amountFen: money("amount") ?? null };
    } else {
      data = { occurredOn: date("date"), districtCode: district("district"), source: choice("source", REACH_SOURCE) as ReachSourceValue | undefined, headCount: c.headCount ? int("headCount", 1) : undefined, groups: groups("groups") };
    }
    if (errors.length === before && orgId) valid.push({ row, orgId, data });
  }
  return { errors, valid, total: body.length };
}
