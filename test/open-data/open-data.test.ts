/**
 * Issue 18.3, open data: the statistics CSV parses, its second row is HXL, every count of people
 * under 5 is withheld, no withheld cell can be computed back from a row or column total (the data
 * below is built so that withholding only the small cells would give them away), the JSON carries
 * the same rows, and the organization registry lists approved organizations without personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";

let app: TestApp;
let prisma: PrismaClient;
let client: TestClient;
const YEAR = 2021;
const A = "500101";
const B = "500102";
const C = "500103";
const D = "500104";
const CITY = "500000";

type Rec = { district: string; headCount: number; sex?: "FEMALE" | "MALE"; ageBand?: "CHILD" | "ADULT" | "SENIOR" | "ELDER"; groups?: string[] };
const RECORDS: Rec[] = [
  // A: 3 women (naively "<5" beside 20 men and a total of 23 — recoverable as 23 − 20).
  { district: A, headCount: 3, sex: "FEMALE", ageBand: "CHILD", groups: ["DIBAO"] },
  { district: A, headCount: 20, sex: "MALE", ageBand: "ADULT", groups: ["ELDERLY"] },
  // B: the only other DIBAO district, so the DIBAO column would give A's 3 away as city − B.
  { district: B, headCount: 30, sex: "FEMALE", ageBand: "ADULT", groups: ["DIBAO"] },
  { district: B, headCount: 12, sex: "MALE", ageBand: "SENIOR" },
  // C: sex not recorded.
  { district: C, headCount: 7, ageBand: "ELDER", groups: ["ORPHAN"] },
  // D: 1 woman and 5 men: withholding the 5 as well still pins the 1 (total 6 − at least 5).
  { district: D, headCount: 1, sex: "FEMALE", ageBand: "ADULT" },
  { district: D, headCount: 5, sex: "MALE", ageBand: "ADULT" },
];

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const u = await createUser(prisma);
  const orgs: Record<string, string> = {};
  for (const d of [A, B, C, D]) orgs[d] = (await createOrganization(prisma, { createdById: u.id, districtCode: d, name: `开放数据测试组织${d}` })).id;
  await prisma.reachRecord.createMany({
    data: RECORDS.map((r, i) => ({
      orgId: orgs[r.district]!,
      occurredOn: new Date(`${YEAR}-0${(i % 9) + 1}-15T00:00:00Z`),
      districtCode: r.district,
      source: "OTHER" as const,
      headCount: r.headCount,
      sex: r.sex ?? null,
      ageBand: r.ageBand ?? null,
      groups: (r.groups ?? []) as never,
    })),
  });
  // The registry's exclusions: every non-approved status, and a qualified charity with a certificate.
  for (const status of ["SUBMITTED", "RETURNED", "REJECTED", "SUSPENDED", "REVOKED"] as const) await createOrganization(prisma, { createdById: u.id, status, name: `未公开组织${status}` });
  await createOrganization(prisma, { createdById: u.id, name: "重庆市公开募捐基金会", type: "FOUNDATION", isCharity: true, publicFundraising: true });
  client = new TestClient(app.baseUrl);
});

afterAll(async () => {
  await app?.close();
});

/** A small RFC 4180 reader, independent of the app's own CSV code: rejects stray quotes. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const src = text.replace(/^\uFEFF/, "");
  while (i < src.length) {
    let cell = "";
    if (src[i] === '"') {
      i++;
      for (;;) {
        if (i >= src.length) throw new Error("unterminated quote");
        if (src[i] === '"') {
          if (src[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else cell += src[i++];
      }
      if (i < src.length && src[i] !== "," && src[i] !== "\r") throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (i < src.length && src[i] !== "," && src[i] !== "\r" && src[i] !== "\n") {
        if (src[i] === '"') throw new Error(`quote inside an unquoted field at ${i}`);
        cell += src[i++];
      }
    }
    row.push(cell);
    if (src[i] === ",") i++;
    else {
      if (src[i] === "\r") {
        if (src[i + 1] !== "\n") throw new Error("CR without LF");
        i += 2;
      } else if (src[i] === "\n") throw new Error("bare LF line break");
      rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

/** The records' true figures, computed here from the test's own list (not from the app). */
function truth() {
  const t = new Map<string, Record<string, number>>();
  const add = (d: string, k: string, n: number) => {
    const rec = t.get(d) ?? {};
    rec[k] = (rec[k] ?? 0) + n;
    t.set(d, rec);
  };
  for (const r of RECORDS) {
    for (const d of [r.district, CITY]) {
      add(d, "reached", r.headCount);
      add(d, r.sex === "FEMALE" ? "reached_f" : r.sex === "MALE" ? "reached_m" : "reached_sex_unknown", r.headCount);
      add(d, r.ageBand ? `reached_age_${r.ageBand.toLowerCase()}` : "reached_age_unknown", r.headCount);
      for (const g of r.groups ?? []) add(d, `reached_group_${g.toLowerCase()}`, r.headCount);
    }
  }
  return t;
}

const SEX = ["reached_f", "reached_m", "reached_sex_unknown"];
const AGE = ["reached_age_child", "reached_age_adult", "reached_age_senior", "reached_age_elder", "reached_age_unknown"];

/**
 * The attacker: every value each published entry of one additive line (parts sum to total) can
 * take. "<5" is 1–4; "x" is assumed 5 or more (every shown non-zero count is, so an attacker may
 * know it); a shown number is itself. Returns, per withheld entry, its set of feasible values.
 */
function feasible(parts: string[], total: string, bound: number): Set<number>[] {
  const dom = (s: string) => (s === "<5" ? [1, 2, 3, 4] : s === "x" ? Array.from({ length: bound - 4 }, (_, k) => k + 5) : [Number(s)]);
  const entries = [...parts.map((p) => ({ s: p, c: 1 })), { s: total, c: -1 }];
  const out: Set<number>[] = [];
  entries.forEach((e, idx) => {
    if (e.s !== "<5" && e.s !== "x") return;
    // Sums reachable by the other entries (with signs), then which values of this one close the line to 0.
    let sums = new Set<number>([0]);
    entries.forEach((o, j) => {
      if (j === idx) return;
      const next = new Set<number>();
      for (const s of sums) for (const v of dom(o.s)) next.add(s + o.c * v);
      sums = next;
    });
    out.push(new Set(dom(e.s).filter((v) => sums.has(-e.c * v))));
  });
  return out;
}

const isHxlTag = (s: string) => /^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/.test(s);

describe("statistics.csv", () => {
  let rows: string[][];
  let head: string[];
  let res: Response;
  let byKey: (district: string, year?: number) => Record<string, string>;

  beforeAll(async () => {
    res = await client.get("/open-data/v1/statistics.csv");
    const text = await res.text();
    expect(res.status).toBe(200);
    rows = readCsv(text);
    head = rows[0]!;
    byKey = (district, year = YEAR) => {
      const r = rows.slice(2).find((x) => x[head.indexOf("district_code")] === district && x[head.indexOf("year")] === String(year));
      if (!r) throw new Error(`no row for ${district} ${year}`);
      return Object.fromEntries(head.map((h, i) => [h, r[i]!]));
    };
  });

  it("parses as RFC 4180 with headers, is UTF-8 CSV, and can be cached and reused", () => {
    expect(res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    for (const r of rows) expect(r.length).toBe(head.length);
    expect(head).toEqual(expect.arrayContaining(["district_code", "year", "reached", "reached_f", "reached_age_child", "reached_group_dibao", "money_raised_cny"]));
    expect(new Set(head).size).toBe(head.length);
    expect(byKey(B).district_name).toBe("涪陵区");
    expect(byKey(B).reached).toBe("42");
    expect(byKey(CITY).district_name_en).toBe("Chongqing");
  });

  it("has HXL 1.1 hashtags on its second row", () => {
    const hxl = rows[1]!;
    for (const tag of hxl) expect(isHxlTag(tag), tag).toBe(true);
    expect(hxl[head.indexOf("district_code")]).toBe("#adm2+code");
    expect(hxl[head.indexOf("year")]).toBe("#date+year");
    expect(hxl[head.indexOf("reached_f")]).toBe("#reached+ind+f");
    expect(hxl[head.indexOf("reached_m")]).toBe("#reached+ind+m");
    expect(hxl[head.indexOf("reached_age_child")]).toMatch(/^#reached\+ind\+children/);
    expect(new Set(hxl).size).toBe(hxl.length);
  });

  it("withholds every count of 1 to 4 people, and shows no small number anywhere among people", () => {
    const t = truth();
    let small = 0;
    for (const [district, rec] of t) {
      const row = byKey(district);
      for (const [k, v] of Object.entries(rec)) {
        if (v > 0 && v < 5) {
          small++;
          expect(row[k], `${district} ${k}`).toBe("<5");
        } else if (row[k] !== "x") expect(row[k], `${district} ${k}`).toBe(String(v));
      }
    }
    expect(small).toBeGreaterThanOrEqual(3);
    const peopleCols = head.filter((h) => h === "participants" || h.startsWith("reached"));
    for (const r of rows.slice(2)) for (const k of peopleCols) expect(["1", "2", "3", "4"]).not.toContain(r[head.indexOf(k)]);
  });

  it("lets no withheld cell be computed back from a row or column total", () => {
    const t = truth();
    const districts = [A, B, C, D];
    const yearRows = [CITY, ...districts].map((d) => byKey(d));
    const lines: [string[], string][] = [];
    for (const row of yearRows) {
      lines.push([SEX.map((k) => row[k]!), row.reached!]);
      lines.push([AGE.map((k) => row[k]!), row.reached!]);
    }
    const peopleCols = head.filter((h) => h === "participants" || h.startsWith("reached"));
    for (const k of peopleCols) lines.push([districts.map((d) => byKey(d)[k]!), byKey(CITY)[k]!]);
    let withheld = 0;
    for (const [parts, total] of lines) {
      for (const values of feasible(parts, total, 150)) {
        withheld++;
        expect(values.size, `line ${parts.join(",")} = ${total}`).toBeGreaterThan(1);
      }
    }
    expect(withheld).toBeGreaterThan(0);
    // The data is a real test: withholding only the small cells would have given A's women away.
    const naive = (v: number) => (v > 0 && v < 5 ? "<5" : String(v));
    const a = t.get(A)!;
    const [women] = feasible(SEX.map((k) => naive(a[k] ?? 0)), naive(a.reached!), 150);
    expect([...women!]).toEqual([3]);
    const dibao = feasible(districts.map((d) => naive(t.get(d)!.reached_group_dibao ?? 0)), naive(t.get(CITY)!.reached_group_dibao!), 150);
    expect([...dibao[0]!]).toEqual([3]);
  });

  it("is the same data as statistics.json, which carries version, licence and dictionary", async () => {
    const r = await client.get("/open-data/v1/statistics.json");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    const json = (await r.json()) as { version: string; generated: string; licence: { id: string; url: string }; dictionary: { key: string; hxl: string; label: Record<string, string> }[]; rows: Record<string, string | number>[] };
    expect(json.version).toBe("v1");
    expect(json.licence.id).toBe("CC-BY-4.0");
    expect(Number.isNaN(Date.parse(json.generated))).toBe(false);
    expect(json.dictionary.map((c) => c.key)).toEqual(head);
    expect(json.dictionary.map((c) => c.hxl)).toEqual(rows[1]);
    for (const c of json.dictionary) {
      expect(c.label["zh-CN"]).not.toMatch(/^opendata\./);
      expect(c.label.en).not.toMatch(/^opendata\./);
    }
    expect(json.rows.length).toBe(rows.length - 2);
    json.rows.forEach((jr, i) => expect(head.map((h) => String(jr[h]))).toEqual(rows[i + 2]));
  });
});

describe("organizations registry", () => {
  it("lists approved organizations only, with no contact person, phone or address, the same in CSV and JSON", async () => {
    const res = await client.get("/open-data/v1/organizations.csv");
    expect(res.status).toBe(200);
    const text = await res.text();
    const rows = readCsv(text);
    const head = rows[0]!;
    expect(head).toEqual(["name", "credit_code", "type", "type_name", "district_code", "district_name", "status", "is_charity", "public_fundraising", "fundraising_certificate", "volunteer_group", "founded_on", "approved_on"]);
    for (const tag of rows[1]!) expect(isHxlTag(tag), tag).toBe(true);
    const data = rows.slice(2).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]!])));
    const names = data.map((r) => r.name);
    expect(names).toContain(`开放数据测试组织${A}`);
    expect(names.some((n) => n!.startsWith("未公开组织"))).toBe(false);
    expect(new Set(data.map((r) => r.status))).toEqual(new Set(["APPROVED"]));
    const approved = await prisma.organization.count({ where: { status: "APPROVED" } });
    expect(data.length).toBe(approved);
    const foundation = data.find((r) => r.name === "重庆市公开募捐基金会")!;
    expect(foundation).toMatchObject({ type: "FOUNDATION", type_name: "基金会", is_charity: "true", public_fundraising: "true" });
    expect(foundation.credit_code).toMatch(/^53[0-9A-Z]{16}$/);
    // Nothing personal: the factories' contact person, phone and address appear nowhere.
    expect(text).not.toContain("张老师");
    expect(text).not.toContain("023-79221234");
    expect(text).not.toContain("城西街道");
    const json = await (await client.get("/open-data/v1/organizations.json")).json();
    expect(json.rows.map((r: Record<string, string>) => head.map((h) => r[h]))).toEqual(rows.slice(2));
    expect(JSON.stringify(json)).not.toContain("张老师");
  });
});

describe("the data dictionary page", () => {
  it("is public, Chinese first, states the licence and links the stable files", async () => {
    const res = await client.get("/open-data");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("开放数据");
    expect(html).toContain("CC BY 4.0");
    expect(html).toContain("https://creativecommons.org/licenses/by/4.0/");
    for (const f of ["statistics.csv", "statistics.json", "organizations.csv", "organizations.json"]) expect(html).toContain(`href="/open-data/v1/${f}"`);
    expect(html).toContain("#reached+ind+f");
    expect(await (await client.get("/stats")).text()).toContain('href="/open-data"');
  });

  it("the public statistics page withholds the same cells as the files", async () => {
    const csv = readCsv(await (await client.get("/open-data/v1/statistics.csv")).text());
    const head = csv[0]!;
    const a = Object.fromEntries(head.map((h, i) => [h, csv.slice(2).find((r) => r[0] === A && r[head.indexOf("year")] === String(YEAR))![i]!]));
    expect(a.reached_age_child).toBe("<5");
    expect(a.reached_age_adult).toBe("x");
    const html = await (await client.get(`/stats?year=${YEAR}&district=${A}`)).text();
    expect(html).toContain("18–59岁</th><td class=\"num\">x（隐藏）<");
    expect(html).toContain("0–17岁</th><td class=\"num\">&lt;5<");
  });
});
