/**
 * SMS adapters against local fakes of Aliyun SMS (dysmsapi SendSms) and Tencent Cloud SMS that
 * VERIFY the request signatures with their own implementation of each provider's documented
 * algorithm (not the adapter's code); a refusal is recorded with the provider's code only and
 * retried; a volunteer with a phone gets the reminder text once `notify` queues it.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServiceDb, type ServiceEnv } from "../volunteering/helpers";
import { createUser } from "../support/factories/accounts";

const SECRET = "fake-secret-Key/with+chars";
type Seen = { ok: boolean; phone: string; template: string; params: unknown };

/** Aliyun RPC signature, per the documentation: sorted, RFC 3986 encoded, HMAC-SHA1 with secret + "&". */
function aliyunVerify(url: URL) {
  const enc = (s: string) => encodeURIComponent(s).replace(/\+/g, "%20").replace(/\*/g, "%2A").replace(/%7E/g, "~").replace(/[!'()]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  const q = [...url.searchParams.entries()].filter(([k]) => k !== "Signature").sort(([a], [b]) => (a < b ? -1 : 1));
  const canon = q.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
  const sig = createHmac("sha1", SECRET + "&").update(`GET&%2F&${enc(canon)}`).digest("base64");
  const p = url.searchParams;
  return sig === p.get("Signature") && p.get("AccessKeyId") === "AKID" && p.get("SignatureMethod") === "HMAC-SHA1" && p.get("Action") === "SendSms" && Math.abs(Date.parse(p.get("Timestamp")!) - Date.now()) < 60_000;
}

/** Tencent TC3-HMAC-SHA256, per the documentation. */
function tencentVerify(headers: Record<string, string | string[] | undefined>, body: string) {
  const auth = String(headers.authorization ?? "");
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return false;
  const [, id, date, signed, signature] = m;
  const ts = Number(headers["x-tc-timestamp"]);
  if (id !== "AKID" || new Date(ts * 1000).toISOString().slice(0, 10) !== date || Math.abs(ts * 1000 - Date.now()) > 60_000) return false;
  const names = signed!.split(";");
  const canonHeaders = names.map((n) => `${n}:${String(headers[n]).trim().toLowerCase()}\n`).join("");
  const h = (s: string) => createHash("sha256").update(s).digest("hex");
  const canonical = ["POST", "/", "", canonHeaders, signed, h(body)].join("\n");
  const sts = ["TC3-HMAC-SHA256", String(ts), `${date}/sms/tc3_request`, h(canonical)].join("\n");
  const k = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s).digest();
  const want = createHmac("sha256", k(k(k("TC3" + SECRET, date!), "sms"), "tc3_request")).update(sts).digest("hex");
  return want === signature && headers["x-tc-action"] === "SendSms";
}

let env: ServiceEnv;
let aliyun: Server;
let tencent: Server;
let aliyunUrl: string;
let tencentUrl: string;
const seen: Seen[] = [];
let refuseNext = 0;

const listen = (s: Server) => new Promise<string>((r) => s.listen(0, "127.0.0.1", () => r(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`)));

beforeAll(async () => {
  aliyun = createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    const ok = aliyunVerify(url);
    seen.push({ ok, phone: url.searchParams.get("PhoneNumbers")!, template: url.searchParams.get("TemplateCode")!, params: JSON.parse(url.searchParams.get("TemplateParam") ?? "null") });
    res.setHeader("Content-Type", "application/json");
    if (!ok) return res.end(JSON.stringify({ Code: "SignatureDoesNotMatch", Message: "bad" }));
    if (refuseNext > 0 && refuseNext--) return res.end(JSON.stringify({ Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发流控 13900000000" }));
    res.end(JSON.stringify({ Code: "OK", BizId: `biz-${seen.length}`, RequestId: "r" }));
  });
  tencent = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const ok = tencentVerify(req.headers, body);
      const b = JSON.parse(body) as { PhoneNumberSet: string[]; TemplateId: string; TemplateParamSet: string[] };
      seen.push({ ok, phone: b.PhoneNumberSet[0]!, template: b.TemplateId, params: b.TemplateParamSet });
      res.setHeader("Content-Type", "application/json");
      if (!ok) return res.end(JSON.stringify({ Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: "bad" }, RequestId: "r" } }));
      if (refuseNext > 0 && refuseNext--) return res.end(JSON.stringify({ Response: { SendStatusSet: [{ Code: "LimitExceeded.PhoneNumberDailyLimit", PhoneNumber: b.PhoneNumberSet[0] }], RequestId: "r" } }));
      res.end(JSON.stringify({ Response: { SendStatusSet: [{ Code: "Ok", SerialNo: `serial-${seen.length}` }], RequestId: "r" } }));
    });
  });
  [aliyunUrl, tencentUrl] = await Promise.all([listen(aliyun), listen(tencent)]);
  process.env.SMS_PROVIDER = "aliyun"; // notify queues SMS rows only with a provider configured
  env = await startServiceDb();
});

afterAll(async () => {
  delete process.env.SMS_PROVIDER;
  await new Promise((r) => aliyun?.close(r));
  await new Promise((r) => tencent?.close(r));
  await env?.close();
});

const config = (provider: "aliyun" | "tencent", secret = SECRET) => ({
  provider,
  accessKeyId: "AKID",
  accessKeySecret: secret,
  signName: "善联",
  sdkAppId: "1400000000",
  endpoint: provider === "aliyun" ? aliyunUrl : tencentUrl,
  templates: { "volunteering.reminder": provider === "aliyun" ? "SMS_2024001" : "2024001:project,time,place" },
});

describe("SMS adapters", () => {
  for (const provider of ["aliyun", "tencent"] as const) {
    it(`${provider}: the request is signed validly (checked by the fake); a wrong secret is refused`, async () => {
      const { smsSender, SmsError } = await import("~/modules/messages/sms.server");
      const ok = await smsSender(config(provider)).send({ phone: "13900001111", templateCode: config(provider).templates["volunteering.reminder"], params: { project: "社区助老 (A*B)", time: "明天 9:00" } });
      expect(ok.messageId).toMatch(/^(biz|serial)-/);
      expect(seen.at(-1)).toMatchObject({ ok: true, phone: provider === "aliyun" ? "13900001111" : "+8613900001111" });
      const err = await smsSender(config(provider, "wrong")).send({ phone: "13900001111", templateCode: "x", params: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SmsError);
      expect((err as Error).message).toMatch(/SignatureDoesNotMatch|AuthFailure\.SignatureFailure/);
      expect(seen.at(-1)!.ok).toBe(false);
    });
  }

  for (const provider of ["aliyun", "tencent"] as const) {
    it(`${provider}: a reminder queued by notify is sent to the volunteer's phone; a refusal is recorded (code only) and retried`, async () => {
      const { notify } = await import("~/modules/notifications/notifications.server");
      const { deliverPending } = await import("~/modules/messages/deliver.server");
      const { smsSender } = await import("~/modules/messages/sms.server");
      const phone = provider === "aliyun" ? "13900002222" : "13900003333";
      const v = await createUser(env.prisma, { profile: { phone } });
      const noPhone = await createUser(env.prisma);
      await notify(env.prisma, v.id, "volunteering.reminder", { project: "社区助老", time: "12月5日 09:00", place: "渝北" });
      await notify(env.prisma, noPhone.id, "volunteering.reminder", { project: "社区助老", time: "12月5日 09:00", place: "渝北" });
      expect(await env.prisma.messageOutbox.count({ where: { channel: "sms", recipient: noPhone.id } })).toBe(0);

      const sms = smsSender(config(provider));
      refuseNext = 1;
      const now = new Date(Date.now() + 1000);
      const r1 = await deliverPending({ mailer: null, sms, now });
      expect(r1).toMatchObject({ claimed: 1, retried: 1 });
      let row = await env.prisma.messageOutbox.findFirstOrThrow({ where: { channel: "sms", recipient: v.id } });
      expect(row.status).toBe("PENDING");
      expect(row.lastError).toMatch(provider === "aliyun" ? /isv\.BUSINESS_LIMIT_CONTROL/ : /LimitExceeded\.PhoneNumberDailyLimit/);
      expect(row.lastError).not.toMatch(/139\d{8}/);

      expect(await deliverPending({ mailer: null, sms, now: new Date(now.getTime() + 61_000) })).toMatchObject({ sent: 1 });
      row = await env.prisma.messageOutbox.findUniqueOrThrow({ where: { id: row.id } });
      expect(row).toMatchObject({ status: "SENT", attempts: 2, provider });
      expect(row.providerMessageId).toMatch(/^(biz|serial)-/);
      const last = seen.at(-1)!;
      expect(last.ok).toBe(true);
      expect(last.params).toEqual(provider === "aliyun" ? { project: "社区助老", time: "12月5日 09:00", place: "渝北" } : ["社区助老", "12月5日 09:00", "渝北"]);
    });
  }

  it("an SMS turned off by the volunteer is SKIPPED; without a provider rows are SKIPPED", async () => {
    const { notify } = await import("~/modules/notifications/notifications.server");
    const { deliverPending } = await import("~/modules/messages/deliver.server");
    const { smsSender } = await import("~/modules/messages/sms.server");
    const v = await createUser(env.prisma, { profile: { phone: "13900004444" } });
    await env.prisma.user.update({ where: { id: v.id }, data: { messagePreferences: { sms: { volunteering: false } } } });
    await notify(env.prisma, v.id, "volunteering.reminder", { project: "p", time: "t", place: "x" });
    const before = seen.length;
    await deliverPending({ mailer: null, sms: smsSender(config("aliyun")), now: new Date(Date.now() + 1000) });
    expect(await env.prisma.messageOutbox.findFirstOrThrow({ where: { channel: "sms", recipient: v.id }, select: { status: true, lastError: true } })).toEqual({ status: "SKIPPED", lastError: "unsubscribed" });
    expect(seen.length).toBe(before);

    const w = await createUser(env.prisma, { profile: { phone: "13900005555" } });
    await notify(env.prisma, w.id, "volunteering.reminder", { project: "p", time: "t", place: "x" });
    await deliverPending({ mailer: null, sms: null, now: new Date(Date.now() + 1000) });
    expect((await env.prisma.messageOutbox.findFirstOrThrow({ where: { channel: "sms", recipient: w.id } })).status).toBe("SKIPPED");
  });
});
