/**
 * Issue 14.4: designated-platform campaigns. Through the built app over HTTP: the campaign's
 * platform fields, a platform statement's dry run (bad cells listed, nothing written), commit,
 * re-import and overlap (each order once), a GBK CSV, bank transfers once per reference, who may
 * do it, and the public accounts by source.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createFund, createPendingDonation } from "../support/factories/funding";
import { addOrgMember } from "../support/factories/hours";
import { formatFen } from "~/utils/format";

let app: TestApp;
let prisma: PrismaClient;
let owner: TestClient;
let finance: TestClient;
let orgId: string;
let campaignId: string;
let fundId: string;
let otherAdmin: TestClient;
let volunteer: TestClient;
let member: TestClient;

const HEADERS = ["捐款单号", "捐款金额(元)", "捐款时间", "捐款人昵称", "捐款状态"];

async function xlsx(rows: (string | number)[][], name = "tencent.xlsx") {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("捐款明细");
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return new File([new Uint8Array(await wb.xlsx.writeBuffer())], name);
}

/** GBK bytes for a text, from the decoder's own table (Node has a GBK decoder but no encoder). */
let gbkTable: Map<string, number[]> | null = null;
function gbk(text: string): Uint8Array<ArrayBuffer> {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder("gbk");
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== "\ufffd" && !gbkTable.has(ch)) gbkTable.set(ch, [a, b]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...gbkTable.get(ch)!);
  }
  return new Uint8Array(out);
}

type Job = { status: string; totalRows: number; alreadyImported: number; written: number | null; skipped: number; running: boolean; errors: { row: number; column: string; message: string }[]; encoding: string | null };

async function waitFor(client: TestClient, jobUrl: string): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = (await (await client.get(`${jobUrl}/status`)).json()) as Job;
    if (!job.running) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("import did not finish");
}

const importUrl = () => `/org/${orgId}/campaigns/${campaignId}/platform-import`;

async function upload(client: TestClient, file: File) {
  const form = new FormData();
  form.set("file", file);
  const res = await client.post(importUrl(), form);
  expect(res.status, await res.clone().text()).toBe(302);
  const jobUrl = res.headers.get("Location")!;
  return { jobUrl, job: await waitFor(client, jobUrl) };
}

async function commit(client: TestClient, jobUrl: string) {
  expect((await client.post(jobUrl, {})).status).toBe(302);
  return waitFor(client, jobUrl);
}

const platformTotal = async () => {
  const rows = await prisma.ledgerTransaction.findMany({ where: { campaignId, kind: "OFFLINE_DONATION", source: "platform:tencent" }, select: { amountFen: true } });
  return { count: rows.length, fen: rows.reduce((s, r) => s + r.amountFen, 0n) };
};

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const o = await createUser(prisma, { profile: true });
  const org = await createOrganization(prisma, { createdById: o.id, isCharity: true, publicFundraising: true });
  orgId = org.id;
  const c = await createCampaign(prisma, { orgId, createdById: o.id });
  campaignId = c.id;
  await prisma.campaign.update({ where: { id: campaignId }, data: { designatedPlatform: "tencent", platformProjectId: "210000123", platformUrl: "https://gongyi.qq.com/succor/detail.htm?id=210000123" } });
  fundId = (await createFund(prisma, { orgId, createdById: o.id })).id;
  const f = await addOrgMember(prisma, orgId, "FINANCE");
  const m = await addOrgMember(prisma, orgId, "MEMBER");
  const otherOwner = await createUser(prisma);
  await createOrganization(prisma, { createdById: otherOwner.id });
  const v = await createUser(prisma, { profile: true });
  owner = new TestClient(app.baseUrl);
  await owner.signIn(o.email, o.password);
  finance = new TestClient(app.baseUrl);
  await finance.signIn(f.email, f.password);
  member = new TestClient(app.baseUrl);
  await member.signIn(m.email, m.password);
  otherAdmin = new TestClient(app.baseUrl);
  await otherAdmin.signIn(otherOwner.email, otherOwner.password);
  volunteer = new TestClient(app.baseUrl);
  await volunteer.signIn(v.email, v.password);
}, 120_000);

afterAll(async () => app?.close());

describe("campaign platform fields", () => {
  const form = (over: Record<string, string>) => ({
    kind: "EMERGENCY",
    title: "石柱县急难救助",
    beneficiaryMasked: "李某",
    districtCode: "500240",
    story: "受助人李某家中突发变故，住院费用超出家庭承受能力，特发起急难救助。",
    goal: "20000",
    deadline: new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10),
    filingNumber: `渝民募备〔2026〕${Math.floor(Math.random() * 900 + 100)}号`,
    budgetItem: "住院医疗费",
    budgetAmount: "20000",
    ...over,
  });

  it("refuses a link that is not https or not on the chosen platform, keeping what was typed", async () => {
    const http = await owner.post(`/org/${orgId}/campaigns/new`, form({ designatedPlatform: "tencent", platformProjectId: "P-1", platformUrl: "http://gongyi.qq.com/x" }));
    expect(http.status).toBe(400);
    const html = await http.text();
    expect(html).toContain("链接须以 https:// 开头");
    expect(html).toContain("P-1");
    const host = await owner.post(`/org/${orgId}/campaigns/new`, form({ designatedPlatform: "tencent", platformUrl: "https://gongyi.qq.com.evil.example/x" }));
    expect(host.status).toBe(400);
    expect(await host.text()).toContain("链接不属于所选平台的网站");
    const noPlatform = await owner.post(`/org/${orgId}/campaigns/new`, form({ platformUrl: "https://gongyi.qq.com/x" }));
    expect(noPlatform.status).toBe(400);
    expect(await noPlatform.text()).toContain("须先选择募捐平台");
    const unknown = await owner.post(`/org/${orgId}/campaigns/new`, form({ designatedPlatform: "nosuch" }));
    expect(unknown.status).toBe(400);
  });

  it("stores a valid platform, project id and link", async () => {
    const res = await owner.post(`/org/${orgId}/campaigns/new`, form({ designatedPlatform: "waterdrop", platformProjectId: "SD-88", platformUrl: "https://www.shuidigongyi.com/project/SD-88" }));
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.split("/").pop()!;
    const c = await prisma.campaign.findUniqueOrThrow({ where: { id }, select: { designatedPlatform: true, platformProjectId: true, platformUrl: true } });
    expect(c).toEqual({ designatedPlatform: "waterdrop", platformProjectId: "SD-88", platformUrl: "https://www.shuidigongyi.com/project/SD-88" });
  });

  it("shows the platform with a link out on the public campaign page", async () => {
    const html = await (await new TestClient(app.baseUrl).get(`/campaigns/${campaignId}`)).text();
    expect(html).toContain("在腾讯公益捐款");
    expect(html).toContain('href="https://gongyi.qq.com/succor/detail.htm?id=210000123"');
  });
});

describe("platform statement import", () => {
  it("lists every bad cell in the dry run and writes nothing", async () => {
    const file = await xlsx([
      ["T0001", "10.00", "2026-11-01 10:00:00", "小王", "支付成功"],
      ["T0002", "abc", "2026-11-01 10:05:00", "小李", "支付成功"],
      ["T0001", "10.00", "2026-11-01 10:00:00", "小王", "支付成功"],
      ["T0004", "5", "2026-11-01 11:00:00", "13812345678", "支付成功"],
      ["T0005", "3", "2026-11-01 12:00:00", "阿明", "已退款"],
    ]);
    const { jobUrl, job } = await upload(finance, file);
    expect(job.status).toBe("INVALID");
    expect(job.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [3, "捐款金额(元)（B列）", "金额格式不正确（元，最多两位小数）"],
      [4, "捐款单号（A列）", "订单号与第 2 行重复"],
      [5, "捐款人昵称（D列）", "单元格含手机号或身份证号，请删除后重新上传"],
    ]);
    expect(await prisma.ledgerTransaction.count({ where: { kind: "OFFLINE_DONATION" } })).toBe(0);
    expect((await finance.post(jobUrl, {})).status).toBe(409);
    expect(await prisma.ledgerTransaction.count({ where: { kind: "OFFLINE_DONATION" } })).toBe(0);
  });

  const first = () => [
    ["T1001", "100.00", "2026-11-02 09:00:00", "爱心人士小王", "支付成功"],
    ["T1002", "0.10", "2026/11/2 9:30", "匿名", "支付成功"],
    ["T1003", "1,234.56", "2026-11-03 20:00", "李", "支付成功"],
    ["T1004", "50", "2026-11-03 21:00", "张", "已退款"],
    ["T1005", "20", "2026-11-03 22:00", "赵", "待支付"],
  ];
  const FIRST_FEN = 10_000n + 10n + 123_456n;

  it("commits a clean statement once: successful payments only, refunds and unpaid rows skipped and listed", async () => {
    const { jobUrl, job } = await upload(finance, await xlsx(first()));
    expect(job.status, JSON.stringify(job.errors)).toBe("VALID");
    expect(job.alreadyImported).toBe(0);
    const page = await (await finance.get(jobUrl)).text();
    expect(page).toContain("已退款，未导入");
    expect(page).toContain("未支付成功，未导入");
    expect((await platformTotal()).count, "the dry run writes nothing").toBe(0);

    const [a, b] = await Promise.all([finance.post(jobUrl, {}), finance.post(jobUrl, {})]);
    expect([a.status, b.status]).toEqual([302, 302]);
    const done = await waitFor(finance, jobUrl);
    expect(done.status).toBe("DONE");
    expect(done.written).toBe(3);
    expect(await platformTotal()).toEqual({ count: 3, fen: FIRST_FEN });
    const tx = await prisma.ledgerTransaction.findFirstOrThrow({ where: { externalRef: "T1003" }, select: { occurredAt: true, donorName: true, provider: true, orgId: true } });
    expect(tx).toEqual({ occurredAt: new Date("2026-11-03T12:00:00Z"), donorName: "李", provider: "OFFLINE", orgId });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "campaign.platform_imported", entityId: campaignId } });
    expect(audit.after).toMatchObject({ written: 3, skipped: 0, totalFen: FIRST_FEN.toString(), platform: "tencent" });
    // The batch is listed with who, rows and total.
    const index = await (await owner.get(importUrl())).text();
    expect(index).toContain("tencent.xlsx");
    expect(index).toContain("1,334.66");
  });

  it("re-importing the same file adds nothing", async () => {
    const { jobUrl, job } = await upload(finance, await xlsx(first()));
    expect(job.status).toBe("VALID");
    expect(job.alreadyImported).toBe(3);
    const done = await commit(finance, jobUrl);
    expect(done.written).toBe(0);
    expect(done.skipped).toBe(3);
    expect(await platformTotal()).toEqual({ count: 3, fen: FIRST_FEN });
  });

  it("a second file overlapping the first adds only the new orders (and a refund of a new order keeps it out)", async () => {
    const { jobUrl, job } = await upload(finance, await xlsx([
      ["T1002", "0.10", "2026-11-02 09:30", "匿名", "支付成功"],
      ["T1003", "1234.56", "2026-11-03 20:00", "李", "支付成功"],
      ["T1006", "66.60", "2026-11-04 08:00", "孙", "支付成功"],
      ["T1007", "8", "2026-11-04 09:00", "周", "支付成功"],
      ["T1007", "8", "2026-11-05 09:00", "周", "已退款"],
    ], "tencent-2.xlsx"));
    expect(job.status, JSON.stringify(job.errors)).toBe("VALID");
    expect(job.alreadyImported).toBe(2);
    const done = await commit(finance, jobUrl);
    expect(done.written).toBe(1);
    expect(await platformTotal()).toEqual({ count: 4, fen: FIRST_FEN + 6_660n });
  });

  it("reads a GBK-encoded CSV", async () => {
    const csv = ["捐款单号,捐款金额(元),捐款时间,捐款人昵称,捐款状态", "T2001,12.30,2026-11-06 10:00,老张,支付成功", ""].join("\r\n");
    const bytes = gbk(csv);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const { jobUrl, job } = await upload(finance, new File([bytes], "tencent.csv"));
    expect(job.status, JSON.stringify(job.errors)).toBe("VALID");
    expect(job.encoding).toBe("gb18030");
    await commit(finance, jobUrl);
    const tx = await prisma.ledgerTransaction.findFirstOrThrow({ where: { externalRef: "T2001" }, select: { amountFen: true, donorName: true } });
    expect(tx).toEqual({ amountFen: 1_230n, donorName: "老张" });
  });

  it("refuses a column of ID numbers wholesale", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("s");
    ws.addRow([...HEADERS, "身份证号"]);
    ws.addRow(["T3001", "1", "2026-11-01 10:00", "甲", "支付成功", "x"]);
    const { job } = await upload(finance, new File([new Uint8Array(await wb.xlsx.writeBuffer())], "ids.xlsx"));
    expect(job.status).toBe("INVALID");
    expect(job.errors[0]).toMatchObject({ row: 2, column: "身份证号（F列）" });
  });
});

describe("bank transfers", () => {
  it("records a transfer once per bank reference, into a campaign or fund of this organization", async () => {
    const url = `/org/${orgId}/bank-transfers`;
    const values = { amount: "500.00", receivedOn: "2026-11-20", payerName: "重庆某商贸有限公司", reference: "BK20261120-0001", target: `fund:${fundId}` };
    expect((await finance.post(url, values)).status).toBe(302);
    const again = await finance.post(url, { ...values, amount: "600" });
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain("已登记过");
    expect(html).toContain('value="600"');
    const rows = await prisma.ledgerTransaction.findMany({ where: { source: "bank_transfer" }, select: { amountFen: true, fundId: true, externalRef: true } });
    expect(rows).toEqual([{ amountFen: 50_000n, fundId, externalRef: "BK20261120-0001" }]);
    expect(await prisma.auditLog.count({ where: { action: "ledger.bank_transfer_recorded", orgId } })).toBe(1);
    // To the campaign, with the form's checks.
    expect((await finance.post(url, { ...values, reference: "BK-2", amount: "88", target: `campaign:${campaignId}` })).status).toBe(302);
    const bad = await finance.post(url, { ...values, reference: "", amount: "-1", receivedOn: "2999-01-01" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("到账日期不能晚于今天");
    expect((await finance.get(url)).status).toBe(200);
  });

  it("refuses a campaign of another organization", async () => {
    const o2 = await createUser(prisma);
    const org2 = await createOrganization(prisma, { createdById: o2.id, publicFundraising: true });
    const foreign = await createCampaign(prisma, { orgId: org2.id, createdById: o2.id });
    const res = await finance.post(`/org/${orgId}/bank-transfers`, { amount: "1", receivedOn: "2026-11-20", payerName: "某人", reference: "BK-X", target: `campaign:${foreign.id}` });
    expect(res.status).toBe(404);
    expect(await prisma.ledgerTransaction.count({ where: { externalRef: "BK-X" } })).toBe(0);
  });
});

describe("the goal", () => {
  // Money received offline counts towards a campaign's goal (its progress bar always did): once it
  // reaches the goal, the campaign is FUNDED and stops taking donations, as after an online one.
  const smallCampaign = async (title: string) => {
    const { createdById } = await prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { createdById: true } });
    const c = await createCampaign(prisma, { orgId, createdById, title, goalFen: 10_000n });
    await prisma.campaign.update({ where: { id: c.id }, data: { designatedPlatform: "tencent", platformProjectId: "210000999", platformUrl: "https://gongyi.qq.com/succor/detail.htm?id=210000999" } });
    return c.id;
  };
  const status = async (id: string) => (await prisma.campaign.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

  it("a bank transfer that reaches it marks the campaign funded; one short of it does not", async () => {
    const id = await smallCampaign("银行转账达标众筹");
    const url = `/org/${orgId}/bank-transfers`;
    const values = { receivedOn: "2026-11-20", payerName: "重庆某商贸有限公司", target: `campaign:${id}` };
    const first = await finance.post(url, { ...values, amount: "99", reference: "GOAL-1" });
    expect(first.status, (await first.clone().text()).replace(/<[^>]+>/g, " ").slice(-1500)).toBe(302);
    expect(await status(id)).toBe("APPROVED");
    expect((await finance.post(url, { ...values, amount: "1", reference: "GOAL-2" })).status).toBe(302);
    expect(await status(id)).toBe("FUNDED");
  });

  it("a platform statement that reaches it marks the campaign funded, once for the whole import", async () => {
    const id = await smallCampaign("平台导入达标众筹");
    const form = new FormData();
    form.set("file", await xlsx([
      ["G1", "60", "2026-11-02 09:30", "甲", "支付成功"],
      ["G2", "40", "2026-11-02 10:30", "乙", "支付成功"],
    ], "goal.xlsx"));
    const res = await finance.post(`/org/${orgId}/campaigns/${id}/platform-import`, form);
    expect(res.status, await res.clone().text()).toBe(302);
    const jobUrl = res.headers.get("Location")!;
    expect((await waitFor(finance, jobUrl)).status).toBe("VALID");
    expect(await status(id)).toBe("APPROVED");
    expect((await commit(finance, jobUrl)).status).toBe("DONE");
    expect(await status(id)).toBe("FUNDED");
  });
});

describe("access", () => {
  it("lets only the host's finance people and owners import and record", async () => {
    for (const c of [volunteer, otherAdmin, member]) {
      expect([403, 404]).toContain((await c.get(importUrl())).status);
      expect([403, 404]).toContain((await c.get(`/org/${orgId}/bank-transfers`)).status);
      const form = new FormData();
      form.set("file", await xlsx([["T9", "1", "2026-11-01 10:00", "x", "支付成功"]]));
      expect([403, 404]).toContain((await c.post(importUrl(), form)).status);
      expect([403, 404]).toContain((await c.post(`/org/${orgId}/bank-transfers`, { amount: "1", receivedOn: "2026-11-20", payerName: "x", reference: "R-1" })).status);
    }
    // Another finance person cannot open or confirm someone else's job.
    const { jobUrl } = await upload(finance, await xlsx([["T9001", "1", "2026-11-01 10:00", "x", "支付成功"]]));
    expect((await owner.get(jobUrl)).status).toBe(404);
    expect((await owner.post(jobUrl, {})).status).toBe(404);
    expect(await prisma.ledgerTransaction.count({ where: { externalRef: "T9001" } })).toBe(0);
  });
});

describe("public accounts by source", () => {
  it("shows on-site donations, the platform by name, bank transfers and other offline, from the ledger", async () => {
    const { postDonation } = await import("~/modules/ledger/postings.server");
    const d = await createPendingDonation(prisma, { campaignId, orgId, amountFen: 30_000n, email: "d@example.cn" });
    await prisma.donation.update({ where: { id: d.id }, data: { status: "PAID", paidAt: new Date() } });
    await postDonation(prisma, { campaignId, donationId: d.id, amountFen: 30_000n, provider: "STRIPE", occurredAt: new Date() });
    const { postOfflineDonation } = await import("~/modules/ledger/offline.server");
    await postOfflineDonation(prisma, { orgId, campaignId, amountFen: 7_000n, occurredAt: new Date(), source: "Excel import", externalRef: "V-1" });

    const html = await (await new TestClient(app.baseUrl).get(`/campaigns/${campaignId}/accounts`)).text();
    const table = html.slice(html.indexOf('data-testid="accounts-by-source"'));
    const platform = (await platformTotal()).fen;
    expect(table).toMatch(/data-source="online"[\s\S]*?本站在线捐款[\s\S]*?300\.00/);
    expect(table).toMatch(/data-source="platform:tencent"[\s\S]*?腾讯公益（平台导入）/);
    expect(table).toContain(formatFen(platform));
    expect(table).toMatch(/data-source="bank"[\s\S]*?银行转账[\s\S]*?88\.00/);
    expect(table).toMatch(/data-source="offline"[\s\S]*?其他线下捐款[\s\S]*?70\.00/);
    // The fund's page shows its bank transfer.
    const fund = await (await new TestClient(app.baseUrl).get(`/funds/${fundId}`)).text();
    expect(fund).toMatch(/data-source="bank"[\s\S]*?500\.00/);
  });
});
