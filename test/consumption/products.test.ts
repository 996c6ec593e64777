/**
 * Products (issue 13, part 2) over real HTTP: the producer side's forms and their validation, the
 * price warning, photos and stock, staff certification (verify, reject, expiry), reports and
 * takedown, who may touch which product, and what the public may see.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProducer, createProduct } from "../support/factories/consumption";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
const c = {} as Record<"anonymous" | "owner" | "member" | "stranger" | "staff" | "staffMember", TestClient>;
let org: { id: string };
let producerA: { id: string };
let producerB: { id: string };
let strangerProducer: { id: string };
let ownerId: string;

const form = (o: Record<string, string> = {}) => ({
  name: "石柱中华蜂土蜂蜜",
  category: "DRIED_SPECIALTY",
  unit: "瓶",
  spec: "500克/瓶",
  description: "高山林下中华蜂百花蜜，一年一取。",
  price: "68.50",
  referencePrice: "65",
  originDistrictCode: "500240",
  originPlace: "中益乡华溪村",
  season: "全年",
  certNumber: "",
  certExpiresOn: "",
  ...o,
});
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const users = {
    owner: await createUser(prisma),
    member: await createUser(prisma),
    stranger: await createUser(prisma),
    staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
    staffMember: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
  };
  ownerId = users.owner.id;
  org = await createOrganization(prisma, { createdById: users.owner.id, members: [{ userId: users.member.id, role: "MEMBER" }, { userId: users.staffMember.id, role: "MEMBER" }] });
  const strangerOrg = await createOrganization(prisma, { createdById: users.stranger.id });
  producerA = await createProducer(prisma, { supportOrgId: org.id, createdById: users.owner.id });
  producerB = await createProducer(prisma, { supportOrgId: org.id, createdById: users.owner.id, districtCode: "500236" });
  strangerProducer = await createProducer(prisma, { supportOrgId: strangerOrg.id, createdById: users.stranger.id });
  c.anonymous = new TestClient(app.baseUrl);
  for (const [k, u] of Object.entries(users)) {
    c[k as keyof typeof c] = new TestClient(app.baseUrl);
    await c[k as keyof typeof c].signIn(u.email, u.password);
  }
});
afterAll(async () => app?.close());

describe("creating and editing a product", () => {
  it("answers 400 with the typed values kept and a message in Chinese", async () => {
    const res = await c.member.post(`/producer/${producerA.id}/products/new`, form({ name: "", price: "六十八", spec: "一箱十斤装", certNumber: "CQFP2026-1" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="一箱十斤装"');
    expect(html).toContain('value="六十八"');
    expect(html).toContain("请输入金额，如 68 或 68.50");
    expect(html).toContain("此项必填");
    const cert = await c.member.post(`/producer/${producerA.id}/products/new`, form({ certNumber: "CQFP2026-1" }));
    expect(cert.status).toBe(400);
    const certHtml = await cert.text();
    expect(certHtml).toContain("填写认定编号时请同时填写有效期");
    expect(certHtml).toContain('value="CQFP2026-1"');
    expect(await prisma.product.count({ where: { producerId: producerA.id } })).toBe(0);
  });

  it("creates a draft in fen, its first stock as a movement, audited", async () => {
    const res = await c.member.post(`/producer/${producerA.id}/products/new`, { ...form(), initialStock: "40" });
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.split("/").pop()!;
    const p = await prisma.product.findUniqueOrThrow({ where: { id } });
    expect(p).toMatchObject({ producerId: producerA.id, status: "DRAFT", priceFen: 6850n, referencePriceFen: 6500n, stockOnHand: 40, stockReserved: 0 });
    expect(await prisma.stockMovement.findMany({ where: { productId: id }, select: { kind: true, quantity: true } })).toEqual([{ kind: "RECEIVED", quantity: 40 }]);
    expect(await prisma.auditLog.count({ where: { entityType: "Product", entityId: id, action: "product.created" } })).toBe(1);
    expect(await prisma.searchOutbox.count({ where: { kind: "product", entityId: id } })).toBeGreaterThan(0);
  });

  it("shows the price warning on the edit page and the public page when the price is > 20% above the reference", async () => {
    const p = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId, name: "奉节脐橙 10斤装", priceFen: 9000n, referencePriceFen: 6000n });
    const edit = await (await c.member.get(`/producer/${producerA.id}/products/${p.id}`)).text();
    expect(edit).toContain('data-testid="price-warning"');
    expect(edit).toContain("售价高出市场参考价 20% 以上");
    const pub = await (await c.anonymous.get(`/shop/products/${p.id}`)).text();
    expect(pub).toContain('data-testid="price-warning"');
    // Within 20%: no warning.
    const fair = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId, priceFen: 7200n, referencePriceFen: 6000n });
    expect(await (await c.anonymous.get(`/shop/products/${fair.id}`)).text()).not.toContain('data-testid="price-warning"');
  });

  it("clears the verification when the certification number or expiry changes", async () => {
    const p = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId });
    const before = await prisma.product.findUniqueOrThrow({ where: { id: p.id } });
    expect(before.certVerifiedAt).not.toBeNull();
    const page = `/producer/${producerA.id}/products/${p.id}`;
    // Same certificate, other fields changed: the verification stays.
    expect((await c.member.post(page, { intent: "save", ...form({ certNumber: before.certNumber!, certExpiresOn: before.certExpiresOn!.toISOString().slice(0, 10), price: "70" }) })).status).toBe(302);
    expect((await prisma.product.findUniqueOrThrow({ where: { id: p.id } })).certVerifiedAt).not.toBeNull();
    expect((await c.member.post(page, { intent: "save", ...form({ certNumber: "CQFP2026-99999", certExpiresOn: inDays(200) }) })).status).toBe(302);
    const after = await prisma.product.findUniqueOrThrow({ where: { id: p.id } });
    expect(after.certNumber).toBe("CQFP2026-99999");
    expect(after.certVerifiedAt).toBeNull();
    expect(await (await c.anonymous.get(`/shop/products/${p.id}`)).text()).not.toContain('data-testid="cert-badge"');
  });

  it("lists only for an approved producer, and never a product staff took down", async () => {
    const draft = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId, status: "DRAFT" });
    expect((await c.anonymous.get(`/shop/products/${draft.id}`)).status).toBe(404);
    expect((await c.owner.post(`/producer/${producerA.id}/products/${draft.id}`, { intent: "listing", listing: "LIST" })).status).toBe(302);
    expect((await prisma.product.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("LISTED");
    expect((await c.anonymous.get(`/shop/products/${draft.id}`)).status).toBe(200);

    const pending = await createProducer(prisma, { supportOrgId: org.id, createdById: ownerId, status: "SUBMITTED" });
    const p2 = await createProduct(prisma, { producerId: pending.id, createdById: ownerId, status: "DRAFT" });
    const res = await c.owner.post(`/producer/${pending.id}/products/${p2.id}`, { intent: "listing", listing: "LIST" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("供应主体尚未通过认定");

    const down = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId, status: "TAKEN_DOWN" });
    expect((await c.owner.post(`/producer/${producerA.id}/products/${down.id}`, { intent: "listing", listing: "LIST" })).status).toBe(409);
  });

  it("takes photos (images only) and stock entries through moveStock, never below what is reserved", async () => {
    const p = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId, stock: 10 });
    const page = `/producer/${producerA.id}/products/${p.id}`;
    const good = new FormData();
    good.set("intent", "photos");
    good.append("photo", new Blob([PNG], { type: "image/png" }), "蜂蜜.png");
    good.append("photo", new Blob([PNG], { type: "image/png" }), "蜂蜜2.png");
    expect((await c.member.post(page, good)).status).toBe(302);
    const photos = await prisma.productPhoto.findMany({ where: { productId: p.id }, include: { file: { select: { visibility: true, mimeType: true } } } });
    expect(photos).toHaveLength(2);
    expect(photos.every((ph) => ph.file.visibility === "PUBLIC" && ph.file.mimeType === "image/png")).toBe(true);
    expect((await c.anonymous.get(`/files/${photos[0]!.fileId}`)).status).toBe(200);

    const bad = new FormData();
    bad.set("intent", "photos");
    bad.append("photo", new Blob([Buffer.from("%PDF-1.4\n")], { type: "image/png" }), "假图片.png");
    const refused = await c.member.post(page, bad);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("文件类型不支持");
    expect(await prisma.productPhoto.count({ where: { productId: p.id } })).toBe(2);

    expect((await c.member.post(page, { intent: "stock", kind: "RECEIVED", quantity: "5", note: "第二批" })).status).toBe(302);
    expect((await c.member.post(page, { intent: "stock", kind: "ADJUSTED", quantity: "-3", note: "损耗" })).status).toBe(302);
    const tooMuch = await c.member.post(page, { intent: "stock", kind: "ADJUSTED", quantity: "-100" });
    expect(tooMuch.status).toBe(409);
    expect(await tooMuch.text()).toContain("库存不足");
    const zero = await c.member.post(page, { intent: "stock", kind: "RECEIVED", quantity: "-2" });
    expect(zero.status).toBe(400);
    expect((await prisma.product.findUniqueOrThrow({ where: { id: p.id } })).stockOnHand).toBe(12);
    const { stockDrift } = await import("~/modules/shop/stock.server");
    expect(await stockDrift(prisma)).toEqual([]);
  });
});

describe("who may touch a product", () => {
  it("refuses another organization, and a product of producer A through producer B's URL", async () => {
    const p = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId });
    expect((await c.stranger.get(`/producer/${producerA.id}/products/${p.id}`)).status).toBe(403);
    const res = await c.stranger.post(`/producer/${producerA.id}/products/${p.id}`, { intent: "save", ...form({ name: "被改掉的名字" }) });
    expect(res.status).toBe(403);
    // Through the stranger's own producer: that producer passes the guard, the product is not its own.
    expect((await c.stranger.get(`/producer/${strangerProducer.id}/products/${p.id}`)).status).toBe(404);
    expect((await c.stranger.post(`/producer/${strangerProducer.id}/products/${p.id}`, { intent: "save", ...form({ name: "被改掉的名字" }) })).status).toBe(404);
    // The same organization's other producer: still not this product's producer.
    expect((await c.owner.get(`/producer/${producerB.id}/products/${p.id}`)).status).toBe(404);
    expect((await c.owner.post(`/producer/${producerB.id}/products/${p.id}`, { intent: "listing", listing: "UNLIST" })).status).toBe(404);
    expect((await c.owner.post(`/producer/${producerB.id}/products/${p.id}`, { intent: "stock", kind: "RECEIVED", quantity: "5" })).status).toBe(404);
    const after = await prisma.product.findUniqueOrThrow({ where: { id: p.id } });
    expect(after.name).not.toBe("被改掉的名字");
    expect(after.status).toBe("LISTED");
    // Staff read, but do not act here.
    expect((await c.staff.get(`/producer/${producerA.id}/products/${p.id}`)).status).toBe(200);
    expect((await c.staff.post(`/producer/${producerA.id}/products/${p.id}`, { intent: "listing", listing: "UNLIST" })).status).toBe(403);
    expect((await c.anonymous.get(`/producer/${producerA.id}/products`, { followRedirects: false })).status).toBe(302);
  });

  it("shows the public only listed products of approved producers (404 otherwise)", async () => {
    for (const status of ["DRAFT", "UNLISTED", "TAKEN_DOWN"] as const) {
      const p = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId, status });
      expect((await c.anonymous.get(`/shop/products/${p.id}`)).status, status).toBe(404);
    }
    const suspended = await createProducer(prisma, { supportOrgId: org.id, createdById: ownerId, status: "SUSPENDED" });
    const p = await createProduct(prisma, { producerId: suspended.id, createdById: ownerId });
    expect((await c.anonymous.get(`/shop/products/${p.id}`)).status).toBe(404);
    expect((await c.anonymous.get(`/shop/products/nope`)).status).toBe(404);
  });
});

describe("staff: certification, reports, takedown", () => {
  it("verifies a certification (not by a member of the supporting organization), and rejects one with a reason", async () => {
    const p = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId, certified: false });
    await prisma.product.update({ where: { id: p.id }, data: { certNumber: "CQFP2026-00777", certExpiresOn: new Date(`${inDays(100)}T00:00:00Z`) } });
    const queue = await (await c.staff.get("/staff/products")).text();
    expect(queue).toContain(p.name);
    expect(await (await c.anonymous.get(`/shop/products/${p.id}`)).text()).not.toContain('data-testid="cert-badge"');

    const own = await c.staffMember.post(`/staff/products/${p.id}`, { intent: "certification", decision: "VERIFY" });
    expect(own.status).toBe(403);
    expect((await c.member.post(`/staff/products/${p.id}`, { intent: "certification", decision: "VERIFY" })).status).toBe(403);
    expect((await c.staff.post(`/staff/products/${p.id}`, { intent: "certification", decision: "VERIFY" })).status).toBe(302);
    expect((await prisma.product.findUniqueOrThrow({ where: { id: p.id } })).certVerifiedAt).not.toBeNull();
    const page = await (await c.anonymous.get(`/shop/products/${p.id}`)).text();
    expect(page).toContain('data-testid="cert-badge"');
    expect(page).toContain("CQFP2026-00777");
    expect(await prisma.auditLog.count({ where: { entityId: p.id, action: "product.cert_verified" } })).toBe(1);

    const q = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId, certified: false });
    await prisma.product.update({ where: { id: q.id }, data: { certNumber: "假编号001", certExpiresOn: new Date(`${inDays(100)}T00:00:00Z`) } });
    const noReason = await c.staff.post(`/staff/products/${q.id}`, { intent: "certification", decision: "REJECT" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("请填写不通过的理由");
    expect((await c.staff.post(`/staff/products/${q.id}`, { intent: "certification", decision: "REJECT", reason: "认定目录中查无此编号" })).status).toBe(302);
    expect(await prisma.product.findUniqueOrThrow({ where: { id: q.id }, select: { certNumber: true, certVerifiedAt: true } })).toEqual({ certNumber: null, certVerifiedAt: null });
    expect(await (await c.member.get(`/producer/${producerA.id}/products/${q.id}`)).text()).toContain("认定目录中查无此编号");
  });

  it("takes the badge off when the certificate expires, on the page and in search results", async () => {
    const p = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId, name: "巫山脆李 5斤礼盒" });
    const { enqueueSearch } = await import("~/modules/search-outbox/outbox.server");
    await enqueueSearch(prisma, "product", p.id);
    const card = (html: string) => html.match(new RegExp(`data-product-id="${p.id}" data-certified="(\\d)"`))?.[1];
    let html = await (await c.anonymous.get(`/shop?q=${encodeURIComponent("巫山脆李")}`)).text();
    expect(card(html)).toBe("1");
    html = await (await c.anonymous.get(`/shop?q=${encodeURIComponent("巫山脆李")}&certified=1`)).text();
    expect(card(html)).toBe("1");

    // Time passes: the certificate's last day was yesterday.
    await prisma.product.update({ where: { id: p.id }, data: { certExpiresOn: new Date(`${inDays(-1)}T00:00:00Z`) } });
    const page = await (await c.anonymous.get(`/shop/products/${p.id}`)).text();
    expect(page).not.toContain('data-testid="cert-badge"');
    expect(page).toContain("暂无有效的扶贫产品认定");
    // Cards read the badge from the database at once…
    expect(card(await (await c.anonymous.get(`/shop?q=${encodeURIComponent("巫山脆李")}`)).text())).toBe("0");
    // …and the daily refresh re-indexes the expired product, so the certified filter and facet drop it.
    const { enqueueExpiredCertifications } = await import("~/modules/products/certification-refresh.server");
    expect(await enqueueExpiredCertifications(prisma)).toBeGreaterThanOrEqual(1);
    html = await (await c.anonymous.get(`/shop?q=${encodeURIComponent("巫山脆李")}&certified=1`)).text();
    expect(card(html)).toBeUndefined();
    // The same search through the service, for its structured facets (the page above caught the index up).
    const { searchCatalogue } = await import("~/modules/products/catalogue.server");
    const { PostgresSearchEngine } = await import("../../search/postgres/engine.server");
    const { pgPool } = await import("~/utils/db.server");
    const r = await searchCatalogue(new URLSearchParams({ q: "巫山脆李" }), 1, { engine: new PostgresSearchEngine(pgPool()) });
    expect(r.cards.map((x) => [x.id, x.certified])).toEqual([[p.id, false]]);
    expect(r.facets.certified).toBe(0);
  });

  it("takes down a reported product (public 404, out of search) and restores it", async () => {
    const p = await createProduct(prisma, { producerId: producerA.id, createdById: ownerId, name: "城口老腊肉 1000克" });
    const { enqueueSearch } = await import("~/modules/search-outbox/outbox.server");
    await enqueueSearch(prisma, "product", p.id);
    expect(await (await c.anonymous.get(`/shop?q=${encodeURIComponent("城口老腊肉")}`)).text()).toContain(`data-product-id="${p.id}"`);

    const empty = await c.anonymous.post(`/shop/products/${p.id}`, { reason: "" });
    expect(empty.status).toBe(400);
    expect((await c.anonymous.post(`/shop/products/${p.id}`, { reason: "实际产地不是城口，包装上写的是外省" })).status).toBe(302);
    const queue = await (await c.staff.get("/staff/products?status=reported")).text();
    expect(queue).toContain("城口老腊肉");

    const noReason = await c.staff.post(`/staff/products/${p.id}`, { intent: "takedown", reason: "" });
    expect(noReason.status).toBe(400);
    expect((await c.staffMember.post(`/staff/products/${p.id}`, { intent: "takedown", reason: "产地不实" })).status).toBe(403);
    expect((await c.staff.post(`/staff/products/${p.id}`, { intent: "takedown", reason: "产地不实，经核查属实" })).status).toBe(302);
    expect((await c.anonymous.get(`/shop/products/${p.id}`)).status).toBe(404);
    expect(await (await c.anonymous.get(`/shop?q=${encodeURIComponent("城口老腊肉")}`)).text()).not.toContain(`data-product-id="${p.id}"`);
    expect(await (await c.staff.get("/staff/products?status=reported")).text()).not.toContain("城口老腊肉");
    expect(await (await c.staff.get("/staff/products?status=takenDown")).text()).toContain("城口老腊肉");
    expect(await (await c.member.get(`/producer/${producerA.id}/products/${p.id}`)).text()).toContain("产地不实，经核查属实");

    expect((await c.staff.post(`/staff/products/${p.id}`, { intent: "restore", reason: "复核后产地证明齐全" })).status).toBe(302);
    expect((await prisma.product.findUniqueOrThrow({ where: { id: p.id } })).status).toBe("LISTED");
    expect((await c.anonymous.get(`/shop/products/${p.id}`)).status).toBe(200);
    const actions = (await prisma.auditLog.findMany({ where: { entityId: p.id }, orderBy: { createdAt: "asc" }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(["product.reported", "product.taken_down", "product.restored"]);
  });
});
