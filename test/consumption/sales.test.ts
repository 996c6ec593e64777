/**
 * Offline sales by channel and sales events (issue 13, part 4): the single-sale form (400 with the
 * typed values and Chinese messages), channel totals, edit/delete audited and never of shop rows,
 * the public events pages (approved producers, aggregated sales, no buyer names), and access.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createProducer, createProduct } from "../support/factories/consumption";
import { createNeed, createNeedResponse } from "../support/factories/needs";

let app: TestApp;
let prisma: PrismaClient;
let owner: TestClient;
let member: TestClient;
let otherOwner: TestClient;
let visitor: TestClient;
let volunteer: TestClient;
let orgId: string;
let otherOrgId: string;
let producerId: string;
let suspendedId: string;
let productId: string;
let responseId: string;

const sale = (o: Record<string, string> = {}) => ({ soldOn: "2026-10-08", producerId, productId: "", category: "FRUIT_VEG", productName: "脐橙", quantity: "100", unit: "斤", amount: "500.00", channel: "MALL", buyerKind: "INDIVIDUAL", buyerName: "", districtCode: "", eventId: "", pledgeId: "", needResponseId: "", ...o });

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const o = await createUser(prisma, { profile: true });
  const m = await createUser(prisma, { profile: true });
  const oo = await createUser(prisma, { profile: true });
  const v = await createUser(prisma, { profile: true });
  orgId = (await createOrganization(prisma, { createdById: o.id, members: [{ userId: m.id, role: "MEMBER" }] })).id;
  otherOrgId = (await createOrganization(prisma, { createdById: oo.id })).id;
  producerId = (await createProducer(prisma, { supportOrgId: orgId, createdById: o.id, name: "奉节脐橙专业合作社", districtCode: "500236" })).id;
  suspendedId = (await createProducer(prisma, { supportOrgId: orgId, createdById: o.id, name: "已暂停的合作社", status: "SUSPENDED" })).id;
  productId = (await createProduct(prisma, { producerId, createdById: o.id, name: "奉节脐橙 5斤装", category: "FRUIT_VEG" })).id;
  const need = await createNeed(prisma, { createdById: o.id, produce: { name: "脐橙", quantity: 1000, unit: "斤", priceFen: 500n } });
  responseId = (await createNeedResponse(prisma, { needId: need.id, orgId, createdById: o.id, kind: "PURCHASE", status: "ACCEPTED", quantity: 200, unitPriceFen: 500n })).id;
  const client = async (u: { email: string; password: string }) => {
    const c = new TestClient(app.baseUrl);
    await c.signIn(u.email, u.password);
    return c;
  };
  owner = await client(o);
  member = await client(m);
  otherOwner = await client(oo);
  volunteer = await client(v);
  visitor = new TestClient(app.baseUrl);
}, 120_000);

afterAll(async () => app?.close());

describe("recording a sale", () => {
  it("refuses a bad form with 400, keeps what was typed and says why in Chinese", async () => {
    const res = await member.post(`/org/${orgId}/sales/new`, sale({ amount: "十二块", category: "", productName: "", buyerName: "王老板", quantity: "1.23456" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("金额应为大于 0 的数（元，最多两位小数）");
    expect(html).toContain("请选择产品，或填写品类");
    expect(html).toContain("数量应为大于 0 的数，最多三位小数");
    expect(html).toContain('value="王老板"');
    expect(html).toContain('value="十二块"');
    // A producer the organization does not support in good standing, a future date: refused too.
    const suspended = await member.post(`/org/${orgId}/sales/new`, sale({ producerId: suspendedId }));
    expect(suspended.status).toBe(400);
    expect(await suspended.text()).toContain("只能选择本组织扶持、且已认定的供应主体");
    const future = await member.post(`/org/${orgId}/sales/new`, sale({ soldOn: "2099-01-01" }));
    expect(future.status).toBe(400);
    expect(await future.text()).toContain("销售日期不能晚于今天");
    expect(await prisma.consumptionSale.count()).toBe(0);
  });

  it("records sales in every channel and totals them by channel", async () => {
    const channels = ["ONLINE", "MALL", "PAIRED", "TOURISM", "FAIR", "LABOUR"];
    for (const [i, channel] of channels.entries()) {
      const res = await member.post(`/org/${orgId}/sales/new`, sale({ channel, amount: `${(i + 1) * 100}.50` }));
      expect(res.status, await res.clone().text()).toBe(302);
    }
    // A product names its producer and category; one without a producer takes the district given.
    expect((await owner.post(`/org/${orgId}/sales/new`, sale({ producerId: "", productId, category: "", amount: "1000", channel: "MALL" }))).status).toBe(302);
    expect((await owner.post(`/org/${orgId}/sales/new`, sale({ producerId: "", category: "MEAT_POULTRY_EGGS", districtCode: "500229", amount: "88.8", channel: "ONLINE" }))).status).toBe(302);
    // Fulfils an accepted purchase offer: listed, but already counted with the offer.
    expect((await owner.post(`/org/${orgId}/sales/new`, sale({ needResponseId: responseId, amount: "1000", channel: "PAIRED" }))).status).toBe(302);
    const twice = await owner.post(`/org/${orgId}/sales/new`, sale({ needResponseId: responseId, amount: "1000", channel: "PAIRED" }));
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("该采购响应已关联到另一笔销售");

    const rows = await prisma.consumptionSale.findMany({ select: { source: true, districtCode: true, productId: true, category: true, createdById: true } });
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => r.source === "RECORDED")).toBe(true);
    expect(rows.filter((r) => r.districtCode === "500236")).toHaveLength(8);
    expect(rows.find((r) => r.productId === productId)?.category).toBe("FRUIT_VEG");
    expect(rows.filter((r) => r.districtCode === "500229")).toHaveLength(1);

    const html = await (await owner.get(`/org/${orgId}/sales`)).text();
    const fen = (channel: string) => new RegExp(`data-channel="${channel}"[\\s\\S]*?data-fen="(\\d+)"`).exec(html)?.[1];
    expect(fen("ONLINE")).toBe(String(10_050 + 8_880));
    expect(fen("MALL")).toBe(String(20_050 + 100_000));
    expect(fen("PAIRED")).toBe(String(30_050 + 100_000));
    expect(fen("TOURISM")).toBe("40050");
    expect(fen("FAIR")).toBe("50050");
    expect(fen("LABOUR")).toBe("60050");
    expect(/data-fen="(\d+)" data-testid="sales-total"/.exec(html)?.[1]).toBe(String(210_300 + 100_000 + 8_880 + 100_000));
    expect(html).toContain("1,000.00 已作为采购意向计入");
    // Filtered by channel and period.
    const mall = await (await owner.get(`/org/${orgId}/sales?channel=MALL&from=2026-10-01&to=2026-10-31`)).text();
    expect(/data-fen="(\d+)" data-testid="sales-total"/.exec(mall)?.[1]).toBe("120050");
    // The export carries the same rows.
    const xlsx = await owner.get(`/org/${orgId}/sales/export?channel=MALL`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
  });

  it("edits and deletes recorded sales with an audit entry, never a shop order's row", async () => {
    const s = await prisma.consumptionSale.findFirstOrThrow({ where: { channel: "LABOUR" }, select: { id: true } });
    const edit = await member.post(`/org/${orgId}/sales/${s.id}`, sale({ channel: "LABOUR", amount: "700", buyerName: "王老板" }));
    expect(edit.status).toBe(302);
    expect((await prisma.consumptionSale.findUniqueOrThrow({ where: { id: s.id } })).amountFen).toBe(70_000n);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "sales.updated", entityId: s.id } });
    expect(audit.before).toMatchObject({ amountFen: "60050" });
    expect(audit.after).toMatchObject({ amountFen: "70000" });
    expect((await prisma.consumptionSale.findUniqueOrThrow({ where: { id: s.id } })).buyerName).toBe("王老板");
    expect(JSON.stringify([audit.before, audit.after]), "no buyer name in the audit trail").not.toContain("王老板");

    expect((await member.post(`/org/${orgId}/sales/${s.id}`, { intent: "delete" })).status).toBe(302);
    expect(await prisma.consumptionSale.count({ where: { id: s.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { action: "sales.deleted", entityId: s.id } })).toBe(1);

    const shop = await prisma.consumptionSale.create({
      data: { orgId, producerId, category: "FRUIT_VEG", amountFen: 9_900n, soldOn: new Date("2026-10-09T00:00:00Z"), channel: "ONLINE", buyerKind: "INDIVIDUAL", districtCode: "500236", source: "SHOP" },
      select: { id: true },
    });
    expect(await (await owner.get(`/org/${orgId}/sales/${shop.id}`)).text()).toContain("商城订单记录由系统写入，不能修改或删除");
    expect((await owner.post(`/org/${orgId}/sales/${shop.id}`, sale({ amount: "1" }))).status).toBe(409);
    expect((await owner.post(`/org/${orgId}/sales/${shop.id}`, { intent: "delete" })).status).toBe(409);
    expect((await prisma.consumptionSale.findUniqueOrThrow({ where: { id: shop.id } })).amountFen).toBe(9_900n);
  });
});

describe("sales events", () => {
  let eventId: string;

  it("lists an organization's fair publicly with its approved producers and sales as a total, never a buyer", async () => {
    const res = await owner.post(`/org/${orgId}/events/new`, {
      channel: "FAIR",
      title: "2026年奉节脐橙展销会",
      startsOn: "2026-10-20",
      endsOn: "2026-10-22",
      districtCode: "500236",
      place: "奉节县夔州广场",
      description: "脐橙直销。",
      producerIds: [producerId],
    });
    expect(res.status).toBe(302);
    eventId = (await prisma.salesEvent.findFirstOrThrow({ where: { orgId }, select: { id: true } })).id;
    // A suspended producer cannot be listed by choice.
    const bad = await owner.post(`/org/${orgId}/events/${eventId}`, { channel: "FAIR", title: "2026年奉节脐橙展销会", startsOn: "2026-10-22", endsOn: "2026-10-20", districtCode: "500236", place: "广场", producerIds: [suspendedId] });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("结束日期不能早于开始日期");

    // Sales at the event: the date must fall inside it, the channel must match.
    const outside = await member.post(`/org/${orgId}/sales/new`, sale({ channel: "FAIR", eventId, soldOn: "2026-10-08" }));
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain("销售日期不在活动期间（2026-10-20 至 2026-10-22）");
    await prisma.salesEvent.update({ where: { id: eventId }, data: { startsOn: new Date("2026-10-01T00:00:00Z") } });
    expect((await member.post(`/org/${orgId}/sales/new`, sale({ channel: "FAIR", eventId, buyerName: "李四老板", amount: "1234.56" }))).status).toBe(302);
    expect((await member.post(`/org/${orgId}/sales/new`, sale({ channel: "FAIR", eventId, buyerName: "赵五", amount: "100" }))).status).toBe(302);

    const list = await (await visitor.get("/events?channel=FAIR&district=500236")).text();
    expect(list).toContain("2026年奉节脐橙展销会");
    expect(await (await visitor.get("/events?channel=TOURISM")).text()).not.toContain("2026年奉节脐橙展销会");
    const page = await (await visitor.get(`/events/${eventId}`)).text();
    expect(page).toContain("奉节县夔州广场");
    expect(page).toContain(`href="/producers/${producerId}"`);
    expect(page).toContain("奉节脐橙专业合作社");
    expect(page).toContain("1,334.56（共 2 笔）");
    expect(page).not.toContain("李四老板");
    expect(page).not.toContain("赵五");
    // A producer suspended since is no longer shown.
    await prisma.salesEventProducer.create({ data: { eventId, producerId: suspendedId } });
    expect(await (await visitor.get(`/events/${eventId}`)).text()).not.toContain("已暂停的合作社");
    // An event with sales cannot be deleted.
    expect((await owner.post(`/org/${orgId}/events/${eventId}`, { intent: "delete" })).status).toBe(409);
  });

  it("keeps other organizations and visitors out", async () => {
    const s = await prisma.consumptionSale.findFirstOrThrow({ where: { orgId, source: "RECORDED" }, select: { id: true, amountFen: true } });
    const before = await prisma.consumptionSale.count();
    // Another organization's owner: refused on this organization's pages, not found through their own.
    expect((await otherOwner.get(`/org/${orgId}/sales`)).status).toBe(403);
    expect((await otherOwner.post(`/org/${orgId}/sales/${s.id}`, sale({ amount: "1" }))).status).toBe(403);
    expect((await otherOwner.post(`/org/${otherOrgId}/sales/${s.id}`, sale({ amount: "1" }))).status).toBe(404);
    expect((await otherOwner.post(`/org/${otherOrgId}/sales/${s.id}`, { intent: "delete" })).status).toBe(404);
    expect((await otherOwner.get(`/org/${otherOrgId}/sales/${s.id}`)).status).toBe(404);
    expect((await otherOwner.post(`/org/${orgId}/events/${eventId}`, { intent: "delete" })).status).toBe(403);
    expect((await otherOwner.post(`/org/${otherOrgId}/events/${eventId}`, { intent: "delete" })).status).toBe(404);
    expect((await otherOwner.get(`/org/${otherOrgId}/events/${eventId}`)).status).toBe(404);
    // Their own sale cannot name this organization's producer.
    const theirs = await otherOwner.post(`/org/${otherOrgId}/sales/new`, sale());
    expect(theirs.status).toBe(400);
    // Visitors and volunteers cannot record.
    const anon = await visitor.post(`/org/${orgId}/sales/new`, sale());
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toContain("/auth/login");
    expect((await volunteer.post(`/org/${orgId}/sales/new`, sale())).status).toBe(403);
    expect((await volunteer.post(`/org/${orgId}/events/new`, { channel: "FAIR", title: "x", startsOn: "2026-10-01", endsOn: "2026-10-02", districtCode: "500236", place: "x" })).status).toBe(403);
    expect(await prisma.consumptionSale.count()).toBe(before);
    expect((await prisma.consumptionSale.findUniqueOrThrow({ where: { id: s.id } })).amountFen).toBe(s.amountFen);
    expect(await prisma.salesEvent.count()).toBe(1);
  });
});
