/**
 * Products as search documents (PostgreSQL engine): a Chinese query finds a listed product, the
 * catalogue's facets (category, district of origin, certified, price band) count and filter, only
 * public products are indexed and without personal data, and consumption-aid needs are matched
 * with listed products.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProducer, createProduct, type ProductOverrides } from "../support/factories/consumption";
import { createNeed } from "../support/factories/needs";
import type { PrismaClient } from "~/generated/prisma/client";
import type { SearchEngine } from "../../search/types";

let app: TestApp;
let prisma: PrismaClient;
let engine: SearchEngine;
let anonymous: TestClient;
const ids = {} as Record<"honey" | "honey2" | "orange" | "bacon" | "draft" | "suspended" | "household", string>;
let staffId: string;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const { pgPool } = await import("~/utils/db.server");
  const { PostgresSearchEngine } = await import("../../search/postgres/engine.server");
  engine = new PostgresSearchEngine(pgPool());
  const owner = await createUser(prisma);
  staffId = (await createUser(prisma, { globalRole: "BUREAU_STAFF" })).id;
  const org = await createOrganization(prisma, { createdById: owner.id });
  const shizhu = await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id, districtCode: "500240", contactPhone: "13800001111" });
  const fengjie = await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id, districtCode: "500236", name: "奉节县脐橙专业合作社" });
  const chengkou = await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id, districtCode: "500229", name: "城口县腊肉加工厂" });
  const suspended = await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id, status: "SUSPENDED" });
  const household = await createProducer(prisma, { supportOrgId: org.id, createdById: owner.id, kind: "HOUSEHOLD", name: "谭某某", districtCode: "500240" });
  const make = (producerId: string, o: Omit<ProductOverrides, "producerId" | "createdById">) => createProduct(prisma, { producerId, createdById: owner.id, ...o });
  ids.honey = (await make(shizhu.id, { name: "石柱中华蜂土蜂蜜 500克", priceFen: 6800n, originDistrictCode: "500240" })).id;
  ids.honey2 = (await make(shizhu.id, { name: "石柱黄连花蜂蜜 250克", priceFen: 3900n, originDistrictCode: "500240", certified: false })).id;
  ids.orange = (await make(fengjie.id, { name: "奉节脐橙 10斤装", category: "FRUIT_VEG", priceFen: 4500n, originDistrictCode: "500236", certified: false })).id;
  ids.bacon = (await make(chengkou.id, { name: "城口老腊肉 1000克", category: "MEAT_POULTRY_EGGS", priceFen: 12_800n, originDistrictCode: "500229" })).id;
  ids.draft = (await make(shizhu.id, { name: "石柱蜂蜜 草稿", status: "DRAFT", originDistrictCode: "500240" })).id;
  ids.suspended = (await make(suspended.id, { name: "石柱蜂蜜 暂停的供应主体", originDistrictCode: "500240" })).id;
  ids.household = (await make(household.id, { name: "土家腊肉 农户自制", category: "MEAT_POULTRY_EGGS", priceFen: 9_000n, originDistrictCode: "500240" })).id;
  const { enqueueSearch } = await import("~/modules/search-outbox/outbox.server");
  for (const id of Object.values(ids)) await enqueueSearch(prisma, "product", id);
  const { drainSearchOutbox } = await import("~/modules/search-outbox/worker.server");
  await drainSearchOutbox({ engine });
  anonymous = new TestClient(app.baseUrl);
});
afterAll(async () => app?.close());

const catalogue = async (params: Record<string, string | string[]>) => {
  const { searchCatalogue } = await import("~/modules/products/catalogue.server");
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) sp.append(k, one);
  return searchCatalogue(sp, 1, { engine });
};

describe("product search", () => {
  it("finds products by a Chinese query, with facet counts for category, origin, price band and certification", async () => {
    const r = await catalogue({ q: "蜂蜜" });
    expect(r.cards.map((x) => x.id).sort()).toEqual([ids.honey, ids.honey2].sort());
    expect(r.facets.categories).toEqual({ DRIED_SPECIALTY: 2 });
    expect(r.facets.districts).toEqual({ "500240": 2 });
    expect(r.facets.priceBands).toEqual({ PRICE_20_50: 1, PRICE_50_100: 1 });
    expect(r.facets.certified).toBe(1);
    const honey = r.cards.find((x) => x.id === ids.honey)!;
    expect(honey).toMatchObject({ certified: true, priceFen: "6800", originDistrictCode: "500240" });
    expect(honey.titleHtml).toContain("<mark>");

    // District spellings are indexed too: 奉节 finds the oranges.
    expect((await catalogue({ q: "奉节 脐橙" })).cards.map((x) => x.id)).toEqual([ids.orange]);

    const html = await (await anonymous.get(`/shop?q=${encodeURIComponent("蜂蜜")}`)).text();
    expect(html).toContain(`data-product-id="${ids.honey}"`);
    expect(html).toContain("共 2 件产品");
  });

  it("filters facets as groups: categories OR'd, price band AND'd, certified and district", async () => {
    const all = await catalogue({});
    expect(all.total).toBe(5);
    expect(all.facets.categories).toEqual({ DRIED_SPECIALTY: 2, FRUIT_VEG: 1, MEAT_POULTRY_EGGS: 2 });
    expect(all.facets.certified).toBe(3);
    expect((await catalogue({ category: ["FRUIT_VEG", "MEAT_POULTRY_EGGS"] })).total).toBe(3);
    expect((await catalogue({ category: "FRUIT_VEG", price: "PRICE_20_50" })).cards.map((x) => x.id)).toEqual([ids.orange]);
    expect((await catalogue({ category: "FRUIT_VEG", price: "PRICE_50_100" })).total).toBe(0);
    expect((await catalogue({ price: ["PRICE_100_200", "PRICE_20_50"] })).total).toBe(3);
    expect((await catalogue({ certified: "1" })).cards.map((x) => x.id).sort()).toEqual([ids.honey, ids.bacon, ids.household].sort());
    expect((await catalogue({ district: "500229" })).cards.map((x) => x.id)).toEqual([ids.bacon]);
    // Bad filter values are dropped, never an error.
    expect((await catalogue({ category: "DROP TABLE", price: "x", district: "999999" })).total).toBe(5);
    expect((await anonymous.get("/shop?category=%27%22&page=-4&price=PRICE_0_20")).status).toBe(200);
  });

  it("indexes only public products, and no personal data", async () => {
    const docs = await prisma.searchDocument.findMany({ where: { kind: "product" }, select: { entityId: true, title: true, body: true, tags: true } });
    expect(docs.map((d) => d.entityId).sort()).toEqual([ids.honey, ids.honey2, ids.orange, ids.bacon, ids.household].sort());
    const text = JSON.stringify(docs);
    expect(text).not.toContain("13800001111");
    expect(text).not.toContain("谭大姐");
    // A farming household's name is a person's name: not in its product's document.
    expect(text).not.toContain("谭某某");
  });
});

describe("matching of consumption-aid needs", () => {
  it("shows listed products matching the produce, those from the need's district first", async () => {
    const need = await createNeed(prisma, { createdById: staffId, category: "CONSUMPTION_AID", title: "石柱中益乡蜂蜜滞销寻找买家", districtCode: "500240", produce: { name: "蜂蜜", quantity: 2000, unit: "斤", priceFen: 3000n }, wantVolunteers: null });
    const { productsForNeed } = await import("~/modules/matching/products.server");
    const matches = await productsForNeed(need.id, 6, { engine });
    expect(matches.map((m) => m.id).sort()).toEqual([ids.honey, ids.honey2].sort());
    expect(matches.every((m) => m.sameDistrict)).toBe(true);

    const page = await (await anonymous.get(`/needs/${need.id}`)).text();
    expect(page).toContain('data-testid="matching-products"');
    expect(page).toContain(`data-product-id="${ids.honey}"`);
    expect(page).not.toContain(`data-product-id="${ids.draft}"`);

    // Same-district products rank before others: a 腊肉 need in 石柱 gets the household's 腊肉 first.
    const bacon = await createNeed(prisma, { createdById: staffId, category: "CONSUMPTION_AID", title: "腊肉寻找销路", districtCode: "500240", produce: { name: "腊肉", quantity: 500, unit: "斤", priceFen: 5000n }, wantVolunteers: null });
    expect((await productsForNeed(bacon.id, 6, { engine })).map((m) => m.id)).toEqual([ids.household, ids.bacon]);

    const other = await createNeed(prisma, { createdById: staffId, category: "ELDERLY_CARE" });
    expect(await productsForNeed(other.id, 6, { engine })).toEqual([]);
    expect(await (await anonymous.get(`/needs/${other.id}`)).text()).not.toContain('data-testid="matching-products"');
  });
});
