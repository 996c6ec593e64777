/**
 * Merchant secrets never appear in pages, logs, error messages or exports (#14, must show).
 *
 * WeChat Pay and Alipay accounts — an organization's and the platform's — are saved through the
 * settings forms with known secret material (merchant private keys as PEM, the API v3 key). Then,
 * through the built app over HTTP and in this process (where the app runs): every page that shows
 * merchant accounts, their loader data, the organization and staff pages around them, the error
 * pages (refused access, unknown ids, refused forms with wrong key shapes), the Excel and CSV
 * exports, the webhook answers to forged notifications and to an account whose credentials can no
 * longer be read, the errors of every provider call with the provider unreachable (closed port),
 * everything logged meanwhile (console and the process's stdout/stderr), every row of every table
 * of the database (audit rows, search documents and outbox included) — are scanned. No 16-character
 * fragment of any secret may appear anywhere; the hint (the last four characters) may, and the
 * settings page does show it.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, randomInt } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import JSZip from "jszip";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { createCampaign, createPendingDonation, ensureLedgerSql } from "../support/factories/funding";
import { newMerchant, startFakeWechatPay, type FakeWechatPay } from "../support/fake-wechatpay";
import { startFakeAlipay, type FakeAlipay } from "../support/fake-alipay";
import type { PrismaClient } from "~/generated/prisma/client";
import type { WechatPayProvider } from "~/modules/payments/wechatpay/wechatpay.server";
import type { AlipayProvider } from "~/modules/payments/alipay/alipay.server";

const WINDOW = 16;
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** An API v3 key as merchants set them: 32 letters and digits. */
const apiV3Key = () => Array.from({ length: 32 }, () => ALNUM[randomInt(ALNUM.length)]).join("");
const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 });

// The secret material, as typed into the forms.
const orgWx = { ...newMerchant(), apiV3Key: apiV3Key() };
const platformWxKeys = rsa();
const platformWx = { ...newMerchant(), apiV3Key: apiV3Key(), merchantPrivateKey: platformWxKeys.privateKey.export({ type: "pkcs1", format: "pem" }).toString(), merchantPublicKey: platformWxKeys.publicKey };
const orgAliKeys = rsa();
const platformAliKeys = rsa();
const ORG_ALIPAY_APP = "2021004100000101";
const PLATFORM_ALIPAY_APP = "2021004100000202";

/** Every form a private key may take (PKCS#1, PKCS#8, bare DER base64): the app normalises keys. */
function keyForms(key: ReturnType<typeof rsa>["privateKey"]) {
  return [
    key.export({ type: "pkcs1", format: "pem" }).toString(),
    key.export({ type: "pkcs8", format: "pem" }).toString(),
    (key.export({ type: "pkcs1", format: "der" }) as Buffer).toString("base64"),
    (key.export({ type: "pkcs8", format: "der" }) as Buffer).toString("base64"),
  ];
}
const bodyOf = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");

/**
 * Every 16-character fragment of every secret — minus those any RSA key shares (the DER
 * structure's fixed prefix, e.g. "ANBgkqhkiG9w0BAQEFAA", is in every key, public ones too).
 */
function secretWindows(): Map<string, string> {
  const common = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const other = rsa();
    for (const text of [...keyForms(other.privateKey), other.publicKey.export({ type: "spki", format: "pem" }).toString(), (other.publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64")]) {
      const b = bodyOf(text);
      for (let j = 0; j + WINDOW <= b.length; j++) common.add(b.slice(j, j + WINDOW));
    }
  }
  const windows = new Map<string, string>();
  const add = (name: string, text: string) => {
    for (let j = 0; j + WINDOW <= text.length; j++) {
      const w = text.slice(j, j + WINDOW);
      if (!common.has(w)) windows.set(w, name);
    }
  };
  for (const [name, pem] of [
    ["org WeChat Pay merchant private key", orgWx.merchantPrivateKey],
    ["platform WeChat Pay merchant private key", platformWx.merchantPrivateKey],
  ] as const) {
    for (const form of keyForms(createPrivateKey(pem))) add(name, bodyOf(form));
  }
  for (const form of keyForms(orgAliKeys.privateKey)) add("org Alipay app private key", bodyOf(form));
  for (const form of keyForms(platformAliKeys.privateKey)) add("platform Alipay app private key", bodyOf(form));
  add("org WeChat Pay API v3 key", orgWx.apiV3Key);
  add("platform WeChat Pay API v3 key", platformWx.apiV3Key);
  return windows;
}
const WINDOWS = secretWindows();

/** What was scanned, and what was found: `where: secret name → fragment`. */
const scanned: { where: string; chars: number }[] = [];
const leaks: string[] = [];

/** Variants a secret could hide in: as is, JSON-escaped newlines removed, URL-decoded, whitespace removed. */
function variants(text: string): string[] {
  const out = [text, text.replace(/\\r|\\n|\\\//g, (m) => (m === "\\/" ? "/" : ""))];
  try {
    out.push(decodeURIComponent(text.replace(/\+/g, " ")));
  } catch {
    out.push(text.replace(/%2B/gi, "+").replace(/%2F/gi, "/").replace(/%3D/gi, "="));
  }
  out.push(out[1]!.replace(/\s+/g, ""));
  return out;
}

function scan(where: string, text: string, found: string[] = leaks) {
  scanned.push({ where, chars: text.length });
  for (const v of variants(text)) {
    for (let j = 0; j + WINDOW <= v.length; j++) {
      const name = WINDOWS.get(v.slice(j, j + WINDOW));
      if (name) {
        found.push(`${where}: ${name} (…${v.slice(Math.max(0, j - 10), j + WINDOW + 10)}…)`);
        return;
      }
    }
  }
}

async function scanResponse(where: string, res: Response) {
  const type = res.headers.get("content-type") ?? "";
  scan(`${where} [headers]`, [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n"));
  if (type.includes("spreadsheetml")) {
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    const files = Object.values(zip.files).filter((f) => !f.dir);
    expect(files.length, where).toBeGreaterThan(0);
    for (const f of files) scan(`${where} [${f.name}]`, await f.async("string"));
    return "";
  }
  const text = await res.text();
  scan(where, text);
  return text;
}

// Everything the process (the app runs in it) writes: console and the raw streams.
const logged: string[] = [];
const saved: Partial<Record<"log" | "info" | "warn" | "error" | "debug" | "trace", (...a: unknown[]) => void>> = {};
let restoreStreams: (() => void) | null = null;
beforeEach(() => {
  for (const m of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    const original = console[m];
    saved[m] = original;
    console[m] = (...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 10, showHidden: true }))).join(" "));
      // Warnings are expected here (refused notifications); console.error still fails the test.
      if (m === "error") original.apply(console, args);
    };
  }
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => (logged.push(String(chunk)), out(chunk as string, ...(rest as []))) ) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => (logged.push(String(chunk)), err(chunk as string, ...(rest as []))) ) as typeof process.stderr.write;
  restoreStreams = () => {
    process.stdout.write = out as typeof process.stdout.write;
    process.stderr.write = err as typeof process.stderr.write;
  };
});
afterEach(() => {
  for (const [m, f] of Object.entries(saved)) (console as unknown as Record<string, unknown>)[m] = f;
  restoreStreams?.();
});

let app: TestApp;
let prisma: PrismaClient;
let fakeWx: FakeWechatPay;
let fakePlatformWx: FakeWechatPay;
let fakeAli: FakeAlipay;
let fakePlatformAli: FakeAlipay;
let closedPort: number;
let org: { id: string };
let outsiderOrg: { id: string };
let campaign: { id: string };
let owner: TestClient;
let finance: TestClient;
let staff: TestClient;
let admin: TestClient;
let outsider: TestClient;
const accounts: Record<"orgWx" | "orgAli" | "platformWx" | "platformAli", string> = { orgWx: "", orgAli: "", platformWx: "", platformAli: "" };

const wechatForm = (m: { appId: string; mchId: string; merchantSerialNo: string; merchantPrivateKey: string; apiV3Key: string }, fake: FakeWechatPay, o: Record<string, string> = {}) => ({
  intent: "save-wechat",
  label: "基本户",
  appId: m.appId,
  mchId: m.mchId,
  merchantSerialNo: m.merchantSerialNo,
  merchantPrivateKey: m.merchantPrivateKey,
  apiV3Key: m.apiV3Key,
  verificationMode: "publicKey",
  publicKeyId: fake.publicKeyId,
  publicKey: fake.publicKeyPem,
  platformCertificate: "",
  ...o,
});
const alipayForm = (appId: string, key: ReturnType<typeof rsa>["privateKey"], fake: FakeAlipay, o: Record<string, string> = {}) => ({
  intent: "save-alipay",
  appId,
  privateKey: key.export({ type: "pkcs1", format: "pem" }).toString(),
  alipayPublicKey: fake.alipayPublicKeyBase64,
  sellerId: fake.sellerId,
  ...o,
});

beforeAll(async () => {
  fakeWx = await startFakeWechatPay({ ...orgWx, mode: "publicKey" });
  fakePlatformWx = await startFakeWechatPay({ ...platformWx, mode: "publicKey" });
  fakeAli = await startFakeAlipay({ appId: ORG_ALIPAY_APP, appPublicKey: orgAliKeys.publicKey });
  fakePlatformAli = await startFakeAlipay({ appId: PLATFORM_ALIPAY_APP, appPublicKey: platformAliKeys.publicKey });
  // The providers are unreachable: a port that was free a moment ago and is closed now.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  process.env.WECHATPAY_API_BASE = `http://127.0.0.1:${closedPort}/`;
  process.env.ALIPAY_GATEWAY = `http://127.0.0.1:${closedPort}/gateway.do`;

  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  const ownerUser = await createUser(prisma);
  const financeUser = await createUser(prisma);
  const staffUser = await createUser(prisma, { globalRole: "BUREAU_STAFF" });
  const adminUser = await createUser(prisma, { globalRole: "BUREAU_ADMIN" });
  const outsiderUser = await createUser(prisma);
  org = await createOrganization(prisma, { createdById: ownerUser.id, isCharity: true, publicFundraising: true, members: [{ userId: financeUser.id, role: "FINANCE" }] });
  outsiderOrg = await createOrganization(prisma, { createdById: outsiderUser.id, isCharity: true, publicFundraising: true });
  campaign = await createCampaign(prisma, { orgId: org.id, createdById: ownerUser.id, goalFen: 100_000_000n });
  const signIn = async (u: { email: string; password: string }) => {
    const c = new TestClient(app.baseUrl);
    await c.signIn(u.email, u.password);
    return c;
  };
  [owner, finance, staff, admin, outsider] = await Promise.all([signIn(ownerUser), signIn(financeUser), signIn(staffUser), signIn(adminUser), signIn(outsiderUser)]);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([fakeWx?.close(), fakePlatformWx?.close(), fakeAli?.close(), fakePlatformAli?.close()]);
  delete process.env.WECHATPAY_API_BASE;
  delete process.env.ALIPAY_GATEWAY;
});

describe("merchant secrets", () => {
  it("the scanner finds a fragment however it is wrapped, and lets the hint through", () => {
    const line = orgWx.merchantPrivateKey.split("\n")[5]!;
    const probes = {
      "API v3 key middle in HTML": `<input value="x${orgWx.apiV3Key.slice(8, 24)}y">`,
      "a PEM line JSON-escaped": JSON.stringify({ k: `a\n${line.slice(0, 30)}\n${line.slice(30)}` }),
      "a PEM line URL-encoded": `?key=${encodeURIComponent(line)}`,
      "the Alipay key as PKCS#8, re-wrapped at 76 columns": bodyOf(keyForms(orgAliKeys.privateKey)[1]!).match(/.{1,76}/g)!.join("\r\n"),
      "the platform key as bare PKCS#1": keyForms(createPrivateKey(platformWx.merchantPrivateKey))[2]!.slice(300, 320),
    };
    for (const [what, text] of Object.entries(probes)) {
      const found: string[] = [];
      scan(`probe: ${what}`, text, found);
      expect(found, what).toHaveLength(1);
    }
    const none: string[] = [];
    scan("probe: hints and public keys", `${orgWx.apiV3Key.slice(-4)} ${fakeWx.publicKeyPem} ${fakeAli.alipayPublicKeyBase64} ${orgWx.apiV3Key.slice(0, 15)}`, none);
    expect(none).toEqual([]);
  });

  it("are refused without being echoed when a form is wrong, and saved with only a hint shown", async () => {
    const orgPage = `/org/${org.id}/payments`;
    const refused: [string, TestClient, string, Record<string, string>][] = [
      ["API v3 key of the wrong length", owner, orgPage, wechatForm(orgWx, fakeWx, { apiV3Key: `${orgWx.apiV3Key}X` })],
      ["bad mchId beside good secrets", owner, orgPage, wechatForm(orgWx, fakeWx, { mchId: "12ab" })],
      ["private key pasted as the public key", owner, orgPage, wechatForm(orgWx, fakeWx, { publicKey: orgWx.merchantPrivateKey })],
      ["private key without its armour", owner, orgPage, wechatForm(orgWx, fakeWx, { merchantPrivateKey: bodyOf(orgWx.merchantPrivateKey) })],
      ["private key cut short", owner, orgPage, wechatForm(orgWx, fakeWx, { merchantPrivateKey: orgWx.merchantPrivateKey.split("\n").slice(0, 12).join("\n") })],
      ["private key as the platform certificate", owner, orgPage, wechatForm(orgWx, fakeWx, { verificationMode: "platformCertificate", platformCertificate: orgWx.merchantPrivateKey })],
      ["unknown intent carrying secrets", owner, orgPage, { ...wechatForm(orgWx, fakeWx), intent: "save-everything" }],
      ["Alipay: bad app id", finance, orgPage, alipayForm("2021", orgAliKeys.privateKey, fakeAli)],
      ["Alipay: private key as Alipay's public key", finance, orgPage, alipayForm(ORG_ALIPAY_APP, orgAliKeys.privateKey, fakeAli, { alipayPublicKey: keyForms(orgAliKeys.privateKey)[3]! })],
      ["Alipay: private key cut in half", finance, orgPage, alipayForm(ORG_ALIPAY_APP, orgAliKeys.privateKey, fakeAli, { privateKey: keyForms(orgAliKeys.privateKey)[2]!.slice(0, 800) })],
      ["platform: wrong API v3 key", admin, "/staff/payments", wechatForm(platformWx, fakePlatformWx, { apiV3Key: "short" })],
      ["platform Alipay: bad seller", admin, "/staff/payments", alipayForm(PLATFORM_ALIPAY_APP, platformAliKeys.privateKey, fakePlatformAli, { sellerId: "1234" })],
    ];
    for (const [what, client, path, form] of refused) {
      const res = await client.post(path, form);
      expect(res.status, what).toBe(400);
      await scanResponse(`refused form (${what})`, res);
      // The same refusal as the browser's fetch (a single-fetch data request): the kept values.
      const data = await client.post(`${path}.data`, form);
      expect(data.status, what).toBeLessThan(500);
      expect(data.headers.get("content-type") ?? "", what).toMatch(/text\/x-script|turbo-stream/);
      await scanResponse(`refused form data (${what})`, data);
    }
    // Refused to people who may not set them, with the secrets in the body.
    for (const [what, client, path, form] of [
      ["another organization's owner", outsider, orgPage, wechatForm(orgWx, fakeWx)],
      ["bureau staff (look only)", staff, orgPage, wechatForm(orgWx, fakeWx)],
      ["an organization owner on the platform's page", owner, "/staff/payments", wechatForm(platformWx, fakePlatformWx)],
    ] as const) {
      const res = await client.post(path, form);
      expect(res.status, what).toBe(403);
      await scanResponse(`forbidden form (${what})`, res);
    }
    expect(await prisma.merchantAccount.count()).toBe(0);

    // Accepted, PKCS#8 and PKCS#1 keys, Windows line ends: each answered with a flash naming the hint.
    const saves: [string, TestClient, string, Record<string, string>, keyof typeof accounts][] = [
      ["org WeChat Pay", owner, orgPage, wechatForm(orgWx, fakeWx, { merchantPrivateKey: orgWx.merchantPrivateKey.replace(/\n/g, "\r\n") }), "orgWx"],
      ["org Alipay", finance, orgPage, alipayForm(ORG_ALIPAY_APP, orgAliKeys.privateKey, fakeAli), "orgAli"],
      ["platform WeChat Pay", admin, "/staff/payments", wechatForm(platformWx, fakePlatformWx), "platformWx"],
      ["platform Alipay", admin, "/staff/payments", alipayForm(PLATFORM_ALIPAY_APP, platformAliKeys.privateKey, fakePlatformAli, { privateKey: keyForms(platformAliKeys.privateKey)[3]! }), "platformAli"],
    ];
    for (const [what, client, path, form] of saves) {
      const res = await client.post(path, form);
      expect(res.status, what).toBe(302);
      await scanResponse(`saved (${what})`, res);
      const page = await scanResponse(`page after saving (${what})`, await client.get(res.headers.get("Location")!));
      expect(page, what).toContain('data-testid="secret-hint"');
    }
    // Saved again (replaced), disabled and enabled: audit rows before/after.
    expect((await owner.post(orgPage, wechatForm(orgWx, fakeWx, { label: "本会基本户" }))).status).toBe(302);
    for (const [key, client, path] of [["orgWx", owner, orgPage], ["platformAli", admin, "/staff/payments"]] as const) {
      accounts[key] = (await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: key.startsWith("org") ? org.id : null, provider: key.endsWith("Wx") ? "WECHAT_PAY" : "ALIPAY" }, select: { id: true } })).id;
      for (const intent of ["disable", "enable"]) expect((await client.post(path, { intent, accountId: accounts[key] })).status).toBe(302);
    }
    for (const key of ["orgAli", "platformWx"] as const) {
      accounts[key] = (await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: key.startsWith("org") ? org.id : null, provider: key.endsWith("Wx") ? "WECHAT_PAY" : "ALIPAY" }, select: { id: true } })).id;
    }
    const hints = await prisma.merchantAccount.findMany({ select: { secretHint: true } });
    expect(hints.map((h) => h.secretHint).sort()).toEqual(
      // The Alipay hints are the last characters of the key as typed (PKCS#1 PEM, bare PKCS#8).
      [orgWx.apiV3Key.slice(-4), platformWx.apiV3Key.slice(-4), bodyOf(keyForms(orgAliKeys.privateKey)[0]!).replace(/=+$/, "").slice(-4), keyForms(platformAliKeys.privateKey)[3]!.replace(/=+$/, "").slice(-4)].sort(),
    );
    const orgPageText = await (await owner.get(orgPage)).text();
    expect(orgPageText).toContain(orgWx.apiV3Key.slice(-4));
    expect(leaks).toEqual([]);
  });

  it("never reach an error of a provider call, the provider unreachable", async () => {
    const { providerForAccount } = await import("~/modules/payments/merchant-accounts.server");
    const errors: string[] = [];
    const capture = async (what: string, call: () => Promise<unknown>) => {
      try {
        await call();
        errors.push(`${what}: no error`);
      } catch (e) {
        const text = `${String(e)}\n${(e as Error).stack ?? ""}\n${inspect(e, { depth: 10, showHidden: true })}\n${JSON.stringify(e, Object.getOwnPropertyNames(e ?? {}))}`;
        scan(`provider error (${what})`, text);
        errors.push(`${what}: ${(e as Error).name}: ${(e as Error).message}`);
      }
    };
    for (const key of ["orgWx", "platformWx"] as const) {
      const built = await providerForAccount(accounts[key], { origin: app.baseUrl });
      scan(`adapter object (${key})`, inspect(built.account, { depth: 4 }));
      if (built.account.provider !== "WECHAT_PAY") throw new Error("expected WeChat Pay");
      const wx = built.provider as WechatPayProvider;
      const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 8_800n });
      const req = { donationId: d.id, amountFen: 8_800n, currency: "CNY" as const, description: "善联 · 冬衣", successUrl: `${app.baseUrl}/thanks`, cancelUrl: `${app.baseUrl}/`, metadata: { donationId: d.id } };
      await capture(`${key} native checkout`, () => wx.createCheckout({ ...req, channel: "native" }));
      await capture(`${key} H5 checkout`, () => wx.createCheckout({ ...req, channel: "h5", payerClientIp: "203.0.113.9" }));
      await capture(`${key} JSAPI checkout`, () => wx.createCheckout({ ...req, channel: "jsapi", openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" }));
      await capture(`${key} order query`, () => wx.queryOrder(d.id));
      await capture(`${key} close`, () => wx.expireCheckout(d.id));
      await capture(`${key} refund`, () => wx.refund({ paymentId: "4200000000000000000001", amountFen: 100n, totalFen: 8_800n, idempotencyKey: `rf${d.id}`, metadata: { donationId: d.id } }));
      await capture(`${key} refund query`, () => wx.findRefund({ paymentId: "4200000000000000000001", refundId: `rf${d.id}` }));
      scan(`JSAPI parameters (${key})`, JSON.stringify(wx.jsapiParams("wx201410272009395522657a690389285100")));
    }
    for (const key of ["orgAli", "platformAli"] as const) {
      const built = await providerForAccount(accounts[key], { origin: app.baseUrl });
      scan(`adapter object (${key})`, inspect(built.account, { depth: 4 }));
      if (built.account.provider !== "ALIPAY") throw new Error("expected Alipay");
      const ali = built.provider as AlipayProvider;
      const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 8_800n });
      const req = { donationId: d.id, amountFen: 8_800n, currency: "CNY" as const, description: "善联 · 冬衣", successUrl: `${app.baseUrl}/thanks`, cancelUrl: `${app.baseUrl}/`, metadata: { donationId: d.id } };
      // Checkout is a signed redirect (no call); the redirect itself must carry no key.
      for (const channel of ["page", "wap"] as const) {
        const session = await ali.createCheckout({ ...req, channel });
        scan(`Alipay ${channel} checkout session (${key})`, JSON.stringify(session));
      }
      await capture(`${key} trade query`, () => ali.queryTrade(d.id));
      await capture(`${key} close`, () => ali.expireCheckout(d.id));
      await capture(`${key} refund`, () => ali.refund({ paymentId: "2026120222001400000001", amountFen: 100n, idempotencyKey: `rf${d.id}`, metadata: { donationId: d.id } }));
      await capture(`${key} refund query`, () => ali.findRefund({ paymentId: "2026120222001400000001", refundId: `rf${d.id}` }));
    }
    // Every reachable call failed (nothing listens), and said so without a key.
    expect(errors.filter((e) => e.endsWith("no error"))).toEqual([]);
    expect(errors).toHaveLength(2 * 7 + 2 * 4);
    saved.info?.(`[merchant-secrets-scan] provider errors:\n  ${errors.join("\n  ")}`);
    expect(leaks).toEqual([]);
  });

  it("never reach the answers to forged notifications or to an account whose credentials cannot be read", async () => {
    const FORM = { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" };
    const impostor = rsa().privateKey;
    const posts: [string, string, string, Headers | Record<string, string>][] = [];
    const wxResource = { appid: orgWx.appId, mchid: orgWx.mchId, out_trade_no: "nosuchorder1", transaction_id: "4200000000000000000002", trade_type: "NATIVE", trade_state: "SUCCESS", trade_state_desc: "支付成功", attach: "", amount: { total: 100, payer_total: 100, currency: "CNY", payer_currency: "CNY" } };
    for (const [what, n] of [
      ["wrong signature", fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: wxResource, signingKey: impostor })],
      ["wrong API v3 key", fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: wxResource, apiV3Key: apiV3Key() })],
      ["stale", fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: wxResource, timestamp: Math.floor(Date.now() / 1000) - 3600 })],
      ["garbage body", fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: wxResource, tamper: () => "{not json" })],
      ["genuine, unknown order", fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: wxResource })],
    ] as const) {
      posts.push([`WeChat Pay ${what}`, `/api/webhooks/wechatpay/${accounts.orgWx}`, n.body, n.headers]);
      posts.push([`WeChat Pay ${what} to the platform account`, `/api/webhooks/wechatpay/${accounts.platformWx}`, n.body, n.headers]);
    }
    const aliFields = { trade_no: "2026120222001400000002", out_trade_no: "nosuchorder2", trade_status: "TRADE_SUCCESS", total_amount: "1.00", seller_id: fakeAli.sellerId };
    for (const [what, body] of [
      ["wrong signature", fakeAli.notification(aliFields, { signWith: impostor })],
      ["RSA sign type", fakeAli.notification(aliFields, { signType: "RSA" })],
      ["garbage", "sign=%%%&&&"],
      ["genuine, unknown order", fakeAli.notification(aliFields)],
    ] as const) {
      posts.push([`Alipay ${what}`, `/api/webhooks/alipay/${accounts.orgAli}`, body, FORM]);
      posts.push([`Alipay ${what} to the platform account`, `/api/webhooks/alipay/${accounts.platformAli}`, body, FORM]);
    }
    // Genuine, but about a payment made through another account (the platform's): warned about and not applied.
    const foreignDonation = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 100n });
    await prisma.donation.update({ where: { id: foreignDonation.id }, data: { provider: "WECHAT_PAY", providerSessionId: foreignDonation.id, merchantAccountId: accounts.platformWx } });
    const misdirected = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: { ...wxResource, out_trade_no: foreignDonation.id } });
    posts.push(["WeChat Pay, another account's payment", `/api/webhooks/wechatpay/${accounts.orgWx}`, misdirected.body, misdirected.headers]);
    posts.push(["WeChat Pay to an unknown account", `/api/webhooks/wechatpay/nosuchaccount`, "{}", { "Content-Type": "application/json" }]);
    posts.push(["Alipay to a WeChat Pay account", `/api/webhooks/alipay/${accounts.orgWx}`, "a=b", FORM]);
    for (const [what, path, body, headers] of posts) {
      const res = await fetch(`${app.baseUrl}${path}`, { method: "POST", body, headers });
      expect(res.status, what).toBeLessThan(500);
      await scanResponse(`webhook answer (${what})`, res);
    }

    expect(logged.join("\n")).toMatch(/about a payment of another account; not applied/);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: foreignDonation.id } })).status).toBe("PENDING");

    // The organization's credentials can no longer be read (another row's ciphertext copied onto it):
    // the webhook answers 503, the adapter refuses, and neither says more than that.
    const { providerForAccount } = await import("~/modules/payments/merchant-accounts.server");
    const original = await prisma.merchantAccount.findUniqueOrThrow({ where: { id: accounts.orgWx }, select: { secretCiphertext: true } });
    const foreign = await prisma.merchantAccount.findUniqueOrThrow({ where: { id: accounts.platformWx }, select: { secretCiphertext: true } });
    await prisma.merchantAccount.update({ where: { id: accounts.orgWx }, data: { secretCiphertext: foreign.secretCiphertext } });
    try {
      const genuine = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: wxResource });
      const res = await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${accounts.orgWx}`, { method: "POST", body: genuine.body, headers: genuine.headers });
      expect(res.status).toBe(503);
      await scanResponse("webhook answer (unreadable credentials)", res);
      let message = "";
      try {
        await providerForAccount(accounts.orgWx, { origin: app.baseUrl });
      } catch (e) {
        message = `${String(e)}\n${(e as Error).stack}\n${inspect(e, { depth: 10, showHidden: true })}`;
      }
      expect(message).toMatch(/merchants\.errors\.unreadable/);
      scan("providerForAccount error (unreadable credentials)", message);
    } finally {
      await prisma.merchantAccount.update({ where: { id: accounts.orgWx }, data: { secretCiphertext: original.secretCiphertext } });
    }
    expect(leaks).toEqual([]);
  });

  it("never reach pages, loader data, error pages or exports", async () => {
    // One payment recorded through each organization account, so the money pages and exports have rows.
    const FORM = { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" };
    for (const provider of ["WECHAT_PAY", "ALIPAY"] as const) {
      const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: org.id, amountFen: 12_300n });
      const accountId = provider === "WECHAT_PAY" ? accounts.orgWx : accounts.orgAli;
      await prisma.donation.update({ where: { id: d.id }, data: { provider, providerSessionId: d.id, merchantAccountId: accountId } });
      const res =
        provider === "WECHAT_PAY"
          ? await (async () => {
              const n = fakeWx.notification({ type: "TRANSACTION.SUCCESS", resource: { appid: orgWx.appId, mchid: orgWx.mchId, out_trade_no: d.id, transaction_id: `42000${randomBytes(8).toString("hex")}`, trade_type: "NATIVE", trade_state: "SUCCESS", trade_state_desc: "支付成功", attach: "", success_time: new Date().toISOString(), amount: { total: 12_300, payer_total: 12_300, currency: "CNY", payer_currency: "CNY" } } });
              return fetch(`${app.baseUrl}/api/webhooks/wechatpay/${accountId}`, { method: "POST", body: n.body, headers: n.headers });
            })()
          : await fetch(`${app.baseUrl}/api/webhooks/alipay/${accountId}`, { method: "POST", headers: FORM, body: fakeAli.notification({ trade_no: `2026${randomBytes(8).toString("hex")}`, out_trade_no: d.id, trade_status: "TRADE_SUCCESS", total_amount: "123.00", seller_id: fakeAli.sellerId }) });
      expect(res.status, provider).toBe(200);
      expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PAID");
    }

    const today = new Date().toISOString().slice(0, 10);
    const pages: [string, TestClient, string, number][] = [
      ["org payments (owner)", owner, `/org/${org.id}/payments`, 200],
      ["org payments (finance)", finance, `/org/${org.id}/payments`, 200],
      ["org payments (bureau staff, look only)", staff, `/org/${org.id}/payments`, 200],
      ["org payments data", owner, `/org/${org.id}/payments.data`, 200],
      ["staff payments (admin)", admin, "/staff/payments", 200],
      ["staff payments data", admin, "/staff/payments.data", 200],
      ["org workspace", owner, `/org/${org.id}`, 200],
      ["org campaign", owner, `/org/${org.id}/campaigns/${campaign.id}`, 200],
      ["org disbursements", finance, `/org/${org.id}/disbursements`, 200],
      ["org stats", owner, `/org/${org.id}/stats`, 200],
      ["org money records", owner, `/org/${org.id}/stats/records/money`, 200],
      ["public campaign", new TestClient(app.baseUrl), `/campaigns/${campaign.id}`, 200],
      ["staff home", admin, "/staff", 200],
      ["staff organization review", staff, `/staff/reviews/${org.id}`, 200],
      ["staff stats", staff, "/staff/stats", 200],
      ["staff money records", staff, "/staff/stats/records/money", 200],
      // Error pages.
      ["org payments, another organization's owner", outsider, `/org/${org.id}/payments`, 403],
      ["org payments, unknown organization", owner, "/org/nosuchorg/payments", 404],
      ["staff payments, bureau staff (not admin)", staff, "/staff/payments", 403],
      ["staff payments, an organization owner", owner, "/staff/payments", 403],
      ["webhook GET", owner, `/api/webhooks/wechatpay/${accounts.orgWx}`, 405],
      ["unknown page", owner, `/org/${org.id}/payments/${accounts.orgWx}`, 404],
    ];
    for (const [what, client, path, status] of pages) {
      const res = await client.get(path);
      expect(res.status, what).toBe(status);
      await scanResponse(`page (${what})`, res);
    }
    // Toggling an unknown or another owner's account: an error answer.
    for (const [what, client, path, accountId] of [
      ["unknown account", owner, `/org/${org.id}/payments`, "nosuchaccount"],
      ["the platform's account from an organization", owner, `/org/${org.id}/payments`, accounts.platformWx],
      ["an organization's account from the platform page", admin, "/staff/payments", accounts.orgAli],
    ] as const) {
      const res = await client.post(path, { intent: "disable", accountId });
      expect(res.status, what).toBe(404);
      await scanResponse(`toggle refused (${what})`, res);
    }

    const exports: [string, TestClient, string][] = [];
    for (const format of ["xlsx", "csv"]) {
      const range = `from=${today.slice(0, 4)}-01-01&to=${today}&format=${format}`;
      exports.push(
        [`org stats ${format}`, owner, `/org/${org.id}/stats/export?${range}`],
        [`org money records ${format}`, owner, `/org/${org.id}/stats/records-export/money?${range}`],
        [`staff stats ${format}`, staff, `/staff/stats/export?${range}`],
        [`staff money records ${format}`, staff, `/staff/stats/records-export/money?${range}`],
        [`staff organization records ${format}`, staff, `/staff/stats/records-export/orgs?${range}`],
        [`staff reviews ${format}`, staff, `/staff/reviews/export?format=${format}`],
        [`staff pledges ${format}`, staff, `/staff/pledges/export?format=${format}`],
      );
    }
    let rows = 0;
    for (const [what, client, path] of exports) {
      const res = await client.get(path);
      expect(res.status, what).toBe(200);
      expect(res.headers.get("content-disposition") ?? "", what).toMatch(/attachment/);
      const text = await scanResponse(`export (${what})`, res);
      if (what.startsWith("org money records csv")) rows = text.split("\n").filter((l) => l.includes("123")).length;
    }
    expect(rows).toBeGreaterThanOrEqual(2);
    expect(leaks).toEqual([]);
  });

  it("never reach the database outside the encrypted column, the search index, or the logs", async () => {
    // The search index brought up to date with everything the tests changed (and the organization).
    const { enqueueSearch } = await import("~/modules/search-outbox/outbox.server");
    await enqueueSearch(prisma, "organization", org.id);
    await enqueueSearch(prisma, "campaign", campaign.id);
    const { drainSearchOutbox } = await import("~/modules/search-outbox/worker.server");
    await drainSearchOutbox({ db: prisma });
    expect(await prisma.searchDocument.count()).toBeGreaterThan(0);
    expect(await prisma.auditLog.count({ where: { entityType: "MerchantAccount" } })).toBeGreaterThanOrEqual(9);

    const tables = await prisma.$queryRaw<{ name: string }[]>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`;
    let rowCount = 0;
    for (const { name } of tables) {
      const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${name.replace(/"/g, '""')}" t`);
      rowCount += rows.length;
      // The ciphertext column is bytea (hex); everything else is scanned as PostgreSQL prints it.
      if (rows.length) scan(`table ${name}`, rows.map((r) => r.row).join("\n"));
    }
    expect(rowCount).toBeGreaterThan(50);
    // The encrypted column really is encrypted (no PEM, no key in it).
    for (const a of await prisma.merchantAccount.findMany({ select: { secretCiphertext: true } })) scan("secretCiphertext as text", Buffer.from(a.secretCiphertext).toString("latin1"));

    // Everything logged during all the tests of this file (warnings of refused notifications included).
    expect(logged.length).toBeGreaterThan(0);
    scan("logs", logged.join("\n"));
    saved.info?.(`[merchant-secrets-scan] ${scanned.length} texts, ${scanned.reduce((n, s) => n + s.chars, 0)} characters scanned against ${WINDOWS.size} secret fragments; ${logged.length} log writes`);
    expect(leaks).toEqual([]);
  });
});
