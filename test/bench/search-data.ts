/**
 * Generated data, queries and ILIKE baselines of the search benchmark (test/bench/search.bench.ts):
 * deterministic, so every run and every scale searches the same kind of city.
 */
import pg from "pg";
import { DISTRICTS, districtShortName } from "~/modules/districts/districts";
import type { SearchDocument, SearchQuery } from "../../search/types";
import { productDocument } from "~/modules/products/search-adapter.server";
import { catalogueQuery, parseCatalogueParams } from "~/modules/products/catalogue";
import { PRICE_BANDS } from "~/modules/products/rules";


// ── deterministic data ────────────────────────────────────────────────
let seed = 20201231;
/** Restarts the generator (each scale of the growth curve generates the same city from the start). */
export const resetSeed = () => {
  seed = 20201231;
};
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

const TOPICS = [
  { cat: "LEFT_BEHIND_CHILDREN", words: ["留守儿童课业辅导", "留守儿童心理陪伴", "困境儿童关爱", "儿童暑期托管"] },
  { cat: "CONSUMPTION_AID", words: ["农产品销售对接", "脐橙直播助销", "黄连滞销寻找买家", "土特产消费扶贫", "贡米茶叶结对助销"] },
  { cat: "ELDERLY_CARE", words: ["空巢老人上门探访", "老年人助餐服务", "居家养老照护", "敬老院陪伴"] },
  { cat: "EMERGENCY_AID", words: ["大病家庭急难救助", "突发困难临时救助", "医疗费用救助"] },
  { cat: "EDUCATION_AID", words: ["贫困学生助学金", "山区学校图书捐赠", "大学新生助学"] },
  { cat: "DISABILITY", words: ["残疾人康复辅具", "残疾人就业培训", "助残志愿服务"] },
  { cat: "DISASTER_RELIEF", words: ["洪灾受灾群众物资", "地质灾害避险安置", "防汛救灾志愿者"] },
  { cat: "RESETTLEMENT_COMMUNITY", words: ["安置区社区融入", "易地搬迁就业帮扶", "社区环境整治"] },
] as const;
const PLACES = ["中益乡", "花田乡", "修齐镇", "金溪镇", "李家溪", "龙潭镇", "黄水镇", "桃花源街道", "新华村", "华溪村", "石门村", "青山社区"];
const FILLER = [
  "需要社会组织和志愿者共同参与，",
  "欢迎爱心企业和个人提供帮助，",
  "项目由民政部门审核发布，",
  "受益群众包括低保户和特困人员，",
  "计划在年底前完成，",
  "将定期公开进展和资金使用情况，",
  "当地村委会负责组织协调，",
];
const KINDS = ["need", "need", "project", "organization", "campaign"] as const;
const STATUS: Record<string, readonly string[]> = { need: ["OPEN", "OPEN", "PARTLY_MET", "MET", "CLOSED"], project: ["PUBLISHED", "CLOSED"], organization: ["APPROVED"], campaign: ["APPROVED", "FUNDED", "ENDED"] };

export function makeDoc(i: number): SearchDocument {
  const kind = pick(KINDS);
  const topic = pick(TOPICS);
  const d = pick(DISTRICTS);
  const short = districtShortName(d.code);
  const place = pick(PLACES);
  const main = pick(topic.words);
  const title = kind === "organization" ? `${short}${place}${main.slice(0, 4)}服务中心` : `${short}${place}${main}`;
  const body = `${d.name}${place}${main}。${pick(FILLER)}${pick(FILLER)}${pick(TOPICS).words[0]}等工作同步推进。${pick(FILLER)}`;
  return {
    kind,
    id: `b${i.toString(36)}`,
    title,
    body,
    url: `/${kind}s/b${i}`,
    districtCode: d.code,
    categories: [topic.cat],
    status: pick(STATUS[kind]!),
    orgId: null,
    tags: [d.name, short],
    sortDate: new Date(Date.UTC(2024, 0, 1 + (i % 365))).toISOString(),
    publishedAt: new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString(),
  };
}

// ── queries ──────────────────────────────────────────────────────────
const Q = (q: string, filters: SearchQuery["filters"]): SearchQuery => ({ q, filters, sort: "relevance", page: 1, pageSize: 20, facets: true });
export const QUERIES: SearchQuery[] = [
  Q("留守儿童", { kind: ["need"] }),
  Q("黔江 养老", { kind: ["need", "project"] }),
  Q("急难 救助", { status: ["OPEN"] }),
  Q("农产品 销售", { kind: ["need"], status: ["OPEN", "PARTLY_MET"] }),
  Q("城口", { kind: ["need"] }),
  Q("石柱 黄连", { status: ["OPEN"] }),
  Q("老人", { districtCode: ["500114"] }),
  Q("残障 康复", { kind: ["need"] }),
  Q("助学", { districtCode: ["500238", "500229"] }),
  Q("安置区 就业", { kind: ["need"] }),
  Q("洪灾 物资", { status: ["OPEN"] }),
  Q("脐橙 直播", { kind: ["project"] }),
  Q("心理陪伴", { category: ["LEFT_BEHIND_CHILDREN"] }),
  Q("居家养老", { kind: ["organization"] }),
  Q("酉阳 贡米", { kind: ["need"] }),
  Q("图书捐赠", { districtCode: ["500242"] }),
  Q("儿童 托管", { status: ["OPEN"], kind: ["need"] }),
  Q("康复辅具", { category: ["DISABILITY"], status: ["OPEN"] }),
  Q("避险安置", { kind: ["need"] }),
  Q("万州 助餐", { kind: ["need", "project", "organization"] }),
];

// ── products ─────────────────────────────────────────────────────────
const PRODUCE = [
  { cat: "DRIED_SPECIALTY", names: ["中华蜂土蜂蜜", "百花蜂蜜", "黄连蜂蜜", "香菇干", "黑木耳", "竹笋干", "花椒", "核桃", "板栗"] },
  { cat: "FRUIT_VEG", names: ["脐橙", "脆李", "猕猴桃", "柚子", "红薯", "魔芋", "莼菜", "辣椒"] },
  { cat: "MEAT_POULTRY_EGGS", names: ["老腊肉", "土鸡蛋", "麻辣香肠", "山羊肉", "跑山土鸡", "黑猪肉"] },
  { cat: "GRAIN_OIL", names: ["贡米", "菜籽油", "苦荞", "高粱", "小米", "玉米面"] },
  { cat: "TEA", names: ["绿茶", "毛尖", "红茶", "苦丁茶", "老鹰茶"] },
  { cat: "HANDICRAFT", names: ["土家织锦", "竹编果篮", "苗绣挎包", "木雕摆件"] },
  { cat: "OTHER", names: ["中药材礼盒", "天麻", "黄连"] },
] as const;
const ADJ = ["高山", "生态", "农家", "有机", "野生", "手工", "古法", "", "", ""];
const SPECS = ["500克", "250克", "1000克", "5斤装", "10斤装", "礼盒装", "2.5千克", "袋装"];
const SEASONS = ["全年", "秋冬", "春季", "夏秋", "冬季"];
const PRODUCT_FILLER = ["脱贫户种植，合作社统一收购，", "当地村集体经济组织统一包装，", "产地直发，冷链配送，", "带动周边农户增收，", "按传统工艺加工，", "经检测无农药残留，"];
const PRICE_FEN = [990, 1590, 2990, 3990, 4580, 6800, 8800, 12_800, 16_800, 25_800];
const TODAY = new Date();

export type ProductRow = { id: string; name: string; description: string; category: string; districtCode: string; priceFen: number; certified: boolean; createdAt: string };

export function makeProduct(i: number): { row: ProductRow; doc: SearchDocument } {
  const d = pick(DISTRICTS);
  const produce = pick(PRODUCE);
  const main = pick(produce.names);
  const name = `${districtShortName(d.code)}${pick(ADJ)}${main} ${pick(SPECS)}`;
  const place = pick(PLACES);
  const description = `${d.name}${place}出产的${main}。${pick(PRODUCT_FILLER)}${pick(PRODUCT_FILLER)}`;
  const priceFen = pick(PRICE_FEN);
  const certified = rnd() < 0.6;
  const createdAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000);
  const doc = productDocument(
    {
      id: `p${i.toString(36)}`, name, category: produce.cat, unit: "件", spec: null, description, priceFen: BigInt(priceFen), originDistrictCode: d.code, originPlace: place, season: pick(SEASONS),
      certNumber: certified ? `CQFP2026-${i}` : null, certExpiresOn: certified ? new Date(TODAY.getTime() + 200 * 86_400_000) : null, certVerifiedAt: certified ? TODAY : null,
      createdAt, producer: { name: `${districtShortName(d.code)}${place}专业合作社`, kind: "COOPERATIVE", supportOrgId: "org-bench" },
    },
    TODAY,
  );
  return { row: { id: doc.id, name, description, category: produce.cat, districtCode: d.code, priceFen, certified, createdAt: createdAt.toISOString() }, doc };
}

/** What a shopper types, through the catalogue's own parameter parsing and query builder. */
export const PRODUCT_QUERIES: SearchQuery[] = [
  "q=蜂蜜",
  "q=石柱+蜂蜜",
  "q=奉节+脐橙&certified=1",
  "q=腊肉&price=PRICE_100_200",
  "q=贡米&category=GRAIN_OIL",
  "q=土鸡蛋&district=500229",
  "q=绿茶&certified=1",
  "q=猕猴桃",
  "q=高山+有机",
  "q=核桃&price=PRICE_50_100&price=PRICE_20_50",
  "q=城口+老腊肉",
  "q=巫山+脆李&certified=1",
  "q=菜籽油",
  "q=土家织锦&category=HANDICRAFT",
  "category=TEA&certified=1",
  "district=500240&price=PRICE_0_20",
].map((qs) => catalogueQuery(parseCatalogueParams(new URLSearchParams(qs))));

export async function createPlainProducts(client: pg.Client, rows: ProductRow[]) {
  await client.query(`CREATE TABLE plain_product (id text PRIMARY KEY, name text NOT NULL, description text NOT NULL, category text NOT NULL, "districtCode" text NOT NULL, "priceFen" bigint NOT NULL, certified boolean NOT NULL, "createdAt" timestamp NOT NULL)`);
  for (let i = 0; i < rows.length; i += 5000) {
    const b = rows.slice(i, i + 5000);
    await client.query(
      `INSERT INTO plain_product SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::boolean[], $8::timestamp[])`,
      [b.map((r) => r.id), b.map((r) => r.name), b.map((r) => r.description), b.map((r) => r.category), b.map((r) => r.districtCode), b.map((r) => r.priceFen), b.map((r) => r.certified), b.map((r) => r.createdAt)],
    );
  }
  await client.query(`VACUUM ANALYZE plain_product`);
}

/** The same answer without a search engine: every word in name or description, the filters, page, total and the four facets. */
export async function productIlikeScan(client: pg.Client, q: SearchQuery) {
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  const where = q.q.split(/\s+/).filter(Boolean).map((w) => `(name ILIKE ${p(`%${w}%`)} OR description ILIKE ${p(`%${w}%`)})`);
  const f = q.filters;
  if (f.districtCode) where.push(`"districtCode" = ANY(${p(f.districtCode)}::text[])`);
  if (f.status?.includes("CERTIFIED")) where.push("certified");
  const band = `CASE ${PRICE_BANDS.map((b) => `WHEN "priceFen" >= ${b.from}${b.to === null ? "" : ` AND "priceFen" < ${b.to}`} THEN '${b.code}'`).join(" ")} END`;
  for (const group of f.categoryGroups ?? []) where.push(`(category = ANY(${p(group)}::text[]) OR ${band} = ANY(${p(group)}::text[]))`);
  const sql = `
    WITH m AS MATERIALIZED (SELECT id, name, left(description, 200) description, category, "districtCode", certified, ${band} AS band, "createdAt" FROM plain_product ${where.length ? `WHERE ${where.join(" AND ")}` : ""})
    SELECT (SELECT json_agg(x) FROM (SELECT id, name, description FROM m ORDER BY "createdAt" DESC LIMIT 20) x) AS hits,
           (SELECT json_agg(f) FROM (SELECT category, "districtCode", certified, band, count(*) n FROM m GROUP BY GROUPING SETS ((category), ("districtCode"), (certified), (band), ())) f) AS facets`;
  return (await client.query(sql, params)).rows.length;
}

/**
 * The baseline: what one would write without a search engine, over a plain listings table (the
 * same rows' title, body and filter fields, nothing else; the engine's own tables carry tsvectors
 * and trigram text a plain scan should not have to read past).
 */
export async function createPlainListings(client: pg.Client, docs: SearchDocument[]) {
  await client.query(`CREATE TABLE plain_listing (kind text NOT NULL, id text NOT NULL, title text NOT NULL, body text NOT NULL, "districtCode" text, categories text[] NOT NULL, status text, "publishedAt" timestamp NOT NULL, PRIMARY KEY (kind, id))`);
  for (let i = 0; i < docs.length; i += 5000) {
    const batch = docs.slice(i, i + 5000);
    await client.query(
      `INSERT INTO plain_listing SELECT u.kind, u.id, u.title, u.body, u.district, ARRAY(SELECT jsonb_array_elements_text(u.categories::jsonb)), u.status, u.published::timestamp
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(kind, id, title, body, district, categories, status, published)`,
      [batch.map((d) => d.kind), batch.map((d) => d.id), batch.map((d) => d.title), batch.map((d) => d.body), batch.map((d) => d.districtCode), batch.map((d) => JSON.stringify(d.categories)), batch.map((d) => d.status), batch.map((d) => d.publishedAt)],
    );
  }
  await client.query(`VACUUM ANALYZE plain_listing`);
}

export async function ilikeScan(client: pg.Client, q: SearchQuery) {
  const words = q.q.split(/\s+/).filter(Boolean);
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  const where = words.map((w) => `(title ILIKE ${p(`%${w}%`)} OR body ILIKE ${p(`%${w}%`)})`);
  const f = q.filters;
  if (f.kind) where.push(`kind = ANY(${p(f.kind)}::text[])`);
  if (f.districtCode) where.push(`"districtCode" = ANY(${p(f.districtCode)}::text[])`);
  if (f.category) where.push(`categories && ${p(f.category)}::text[]`);
  if (f.status) where.push(`status = ANY(${p(f.status)}::text[])`);
  // The same answer the engine gives: the first page, the total and the facet counts (one
  // GROUPING SETS pass over the matches, as the engine does), in one statement.
  const sql = `
    WITH m AS MATERIALIZED (SELECT kind, id, title, left(body, 200) body, "districtCode", categories, status, "publishedAt" FROM plain_listing WHERE ${where.join(" AND ")})
    SELECT (SELECT json_agg(x) FROM (SELECT kind, id, title, body FROM m ORDER BY "publishedAt" DESC LIMIT 20) x) AS hits,
           (SELECT json_agg(f) FROM (SELECT kind, "districtCode", status, categories, count(*) n FROM m GROUP BY GROUPING SETS ((kind), ("districtCode"), (status), (categories), ())) f) AS facets`;
  return (await client.query(sql, params)).rows.length;
}

