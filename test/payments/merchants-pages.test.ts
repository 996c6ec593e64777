/**
 * The merchant settings pages over HTTP through the built app (#14.3): who may manage whose
 * accounts, what the pages show after saving (the last four characters, never the secret), and the
 * issue's "must show" — merchant secrets never appear in pages, logs, error messages, audit rows,
 * exports or anywhere in the database but their ciphertext.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { format } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { newMerchant } from "../support/fake-wechatpay";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
const c = {} as Record<"visitor" | "owner" | "finance" | "member" | "otherOwner" | "staff" | "admin", TestClient>;
let org: { id: string };
let otherOrg: { id: string };

const rsaPair = () => generateKeyPairSync("rsa", { modulusLength: 2048 });
const wechatPublic = rsaPair().publicKey.export({ type: "spki", format: "pem" }).toString();
const alipayPublicBase64 = (rsaPair().publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64");

/** Credentials with recognisable secrets: a marked API v3 key, fresh private keys. */
function wechatCredentials(marker: string) {
  const m = newMerchant();
  const apiV3Key = `${marker}${randomBytes(16).toString("hex")}`.slice(0, 32);
  return {
    form: {
      intent: "save-wechat",
      label: "本会基本户",
      appId: m.appId,
      mchId: m.mchId,
      merchantSerialNo: m.merchantSerialNo,
      merchantPrivateKey: m.merchantPrivateKey,
      apiV3Key,
      verificationMode: "publicKey",
      publicKeyId: "PUB_KEY_ID_0114232134912410000000000001",
      publicKey: wechatPublic,
      platformCertificate: "",
    },
    secrets: [apiV3Key, m.merchantPrivateKey],
  };
}

function alipayCredentials() {
  // As Alipay's key tool prints it: bare base64 PKCS#8.
  const privateKey = (rsaPair().privateKey.export({ type: "pkcs8", format: "der" }) as Buffer).toString("base64");
  return { form: { intent: "save-alipay", appId: "2021004100000002", privateKey, alipayPublicKey: alipayPublicBase64, sellerId: "2088721000000001" }, secrets: [privateKey] };
}

/** Every 32-character piece of a secret's key material: any one of them found anywhere is a leak. */
function fragments(secret: string): string[] {
  const material = secret.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const out = [material.slice(0, 32)];
  for (let i = 32; i + 32 <= material.length; i += 32) out.push(material.slice(i, i + 32));
  return out.filter((f) => f.length >= 16);
}

const leaksIn = (text: string, secrets: string[]) => secrets.flatMap(fragments).filter((f) => text.includes(f));

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const users = {
    owner: await createUser(prisma),
    finance: await createUser(prisma),
    member: await createUser(prisma),
    otherOwner: await createUser(prisma),
    staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
    admin: await createUser(prisma, { globalRole: "BUREAU_ADMIN" }),
  };
  org = await createOrganization(prisma, {
    createdById: users.owner.id,
    isCharity: true,
    publicFundraising: true,
    members: [
      { userId: users.finance.id, role: "FINANCE" },
      { userId: users.member.id, role: "MEMBER" },
    ],
  });
  otherOrg = await createOrganization(prisma, { createdById: users.otherOwner.id, isCharity: true, publicFundraising: true });
  c.visitor = new TestClient(app.baseUrl);
  for (const [k, u] of Object.entries(users)) {
    c[k as keyof typeof c] = new TestClient(app.baseUrl);
    await c[k as keyof typeof c].signIn(u.email, u.password);
  }
}, 180_000);
afterAll(async () => app?.close());

describe("who manages merchant accounts", () => {
  const page = () => `/org/${org.id}/payments`;

  it("the organization's finance people and owner manage its accounts; members and other owners are refused", async () => {
    for (const role of ["owner", "finance"] as const) expect((await c[role].get(page())).status, role).toBe(200);
    for (const role of ["member", "otherOwner"] as const) {
      expect((await c[role].get(page())).status, role).toBe(403);
      expect((await c[role].post(page(), alipayCredentials().form)).status, role).toBe(403);
    }
    const signIn = await c.visitor.get(page(), { followRedirects: false });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toMatch(/^\/auth\/login/);
    // Bureau staff may look (they supervise) but not change anything.
    const staffView = await c.staff.get(page());
    expect(staffView.status).toBe(200);
    expect(await staffView.text()).not.toContain('value="save-wechat"');
    expect((await c.staff.post(page(), alipayCredentials().form)).status).toBe(403);
    expect(await prisma.merchantAccount.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("the platform's own account is for bureau admins only", async () => {
    for (const role of ["staff", "owner", "finance"] as const) {
      expect((await c[role].get("/staff/payments")).status, role).toBe(403);
      expect((await c[role].post("/staff/payments", alipayCredentials().form)).status, role).toBe(403);
    }
    expect((await c.admin.get("/staff/payments")).status).toBe(200);
    expect((await c.admin.post("/staff/payments", alipayCredentials().form)).status).toBe(302);
    const platform = await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: null, provider: "ALIPAY" }, select: { id: true } });
    // Not reachable through an organization's page, whoever owns it.
    expect((await c.owner.post(page(), { intent: "disable", accountId: platform.id })).status).toBe(404);
    expect((await prisma.merchantAccount.findUniqueOrThrow({ where: { id: platform.id } })).enabled).toBe(true);
    const { providersForOrg } = await import("~/modules/payments/merchant-accounts.server");
    expect((await providersForOrg(null)).find((p) => p.provider === "ALIPAY")).toEqual({ provider: "ALIPAY", merchantAccountId: platform.id, testCheckout: false });
  });

  it("one organization's owner cannot disable another's account", async () => {
    expect((await c.otherOwner.post(`/org/${otherOrg.id}/payments`, wechatCredentials("Other").form)).status).toBe(302);
    const theirs = await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: otherOrg.id }, select: { id: true } });
    expect((await c.owner.post(page(), { intent: "disable", accountId: theirs.id })).status).toBe(404);
    expect((await c.owner.post(`/org/${otherOrg.id}/payments`, { intent: "disable", accountId: theirs.id })).status).toBe(403);
    expect((await prisma.merchantAccount.findUniqueOrThrow({ where: { id: theirs.id } })).enabled).toBe(true);
  });
});

describe("merchant secrets never leave their ciphertext", () => {
  it("pages, failing saves, webhooks, logs, audit rows, exports and the database never show them", async () => {
    const captured: string[] = [];
    const restore: (() => void)[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        captured.push(format(...args));
        original.apply(console, args);
      };
      restore.push(() => (console[method] = original));
    }
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        captured.push(String(chunk));
        return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => (stream.write = original as typeof stream.write));
    }
    const bodies: string[] = [];
    const keep = async (res: Response) => {
      const text = await res.text();
      bodies.push(text);
      return { status: res.status, text };
    };

    const page = `/org/${org.id}/payments`;
    const wechat = wechatCredentials("Shanlian");
    const wechat2 = wechatCredentials("Replaced");
    const alipay = alipayCredentials();
    const secrets = [...wechat.secrets, ...wechat2.secrets, ...alipay.secrets];
    // The scan would see them if they were there.
    expect(leaksIn(JSON.stringify(wechat.form) + JSON.stringify(alipay.form), secrets).length).toBeGreaterThan(50);

    try {
      await keep(await c.owner.get(page));
      // Failing saves: everything right but one public field — 400, the rest kept, the secrets not.
      const badWechat = await keep(await c.owner.post(page, { ...wechat.form, mchId: "not-a-mchid" }));
      expect(badWechat.status).toBe(400);
      expect(badWechat.text).toContain(wechat.form.merchantSerialNo);
      expect(badWechat.text).toContain("商户号应为 8 至 12 位数字");
      const badAlipay = await keep(await c.finance.post(page, { ...alipay.form, appId: "123" }));
      expect(badAlipay.status).toBe(400);
      expect(badAlipay.text).toContain("支付宝 APPID 应为 16 位数字");
      // A private key where the public key goes: refused, not stored as "public".
      expect((await keep(await c.owner.post(page, { ...alipay.form, alipayPublicKey: alipay.form.privateKey }))).status).toBe(400);

      // Saves, then the page: the last four characters only.
      expect((await c.owner.post(page, wechat.form)).status).toBe(302);
      expect((await c.finance.post(page, alipay.form)).status).toBe(302);
      const shown = await keep(await c.owner.get(page));
      expect(shown.text).toContain(`已保存（末四位 …${wechat.form.apiV3Key.slice(-4)}）`);
      expect(shown.text).toContain(`已保存（末四位 …${alipay.form.privateKey.replace(/=+$/, "").slice(-4)}）`);
      expect(shown.text).toContain(wechat.form.mchId);
      // Replaced: the new hint, and the old and new secrets stay out of sight.
      expect((await c.owner.post(page, wechat2.form)).status).toBe(302);
      const replaced = await keep(await c.finance.get(page));
      expect(replaced.text).toContain(`已保存（末四位 …${wechat2.form.apiV3Key.slice(-4)}）`);
      await keep(await c.staff.get(page));
      // In English too.
      expect((await c.owner.post("/set-locale", { locale: "en", redirectTo: page })).status).toBe(302);
      const english = await keep(await c.owner.get(page));
      expect(english.text).toContain(`Saved (ends in …${wechat2.form.apiV3Key.slice(-4)})`);
      await c.owner.post("/set-locale", { locale: "zh-CN", redirectTo: page });

      // Webhooks refused: a bad signature answers without echoing anything of the account.
      const account = await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: org.id, provider: "WECHAT_PAY" }, select: { id: true } });
      const aliAccount = await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: org.id, provider: "ALIPAY" }, select: { id: true } });
      const forged = await keep(
        await fetch(`${app.baseUrl}/api/webhooks/wechatpay/${account.id}`, {
          method: "POST",
          body: JSON.stringify({ id: "x", event_type: "TRANSACTION.SUCCESS", resource: {} }),
          headers: { "Content-Type": "application/json", "Wechatpay-Timestamp": String(Math.floor(Date.now() / 1000)), "Wechatpay-Nonce": "n", "Wechatpay-Serial": "PUB_KEY_ID_0114232134912410000000000001", "Wechatpay-Signature": "Zm9yZ2Vk" },
        }),
      );
      expect(forged.status).toBe(400);
      const forgedAli = await keep(await fetch(`${app.baseUrl}/api/webhooks/alipay/${aliAccount.id}`, { method: "POST", body: "app_id=2021004100000002&sign=Zm9yZ2Vk&notify_id=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } }));
      expect(forgedAli).toEqual({ status: 400, text: "fail" });

      // The adapter built from the stored credentials: errors name no secret either.
      const { providerForAccount } = await import("~/modules/payments/merchant-accounts.server");
      const built = await providerForAccount(account.id, { origin: app.baseUrl });
      let thrown = "";
      try {
        built.provider.parseWebhook("{}", new Headers());
      } catch (e) {
        thrown = `${(e as Error).message}\n${(e as Error).stack}`;
      }
      expect(thrown).toMatch(/missing Wechatpay/);
      bodies.push(thrown);

      // Exports the organization and the bureau download.
      await keep(await c.owner.get(`/org/${org.id}/stats/export`));
      await keep(await c.staff.get(`/staff/reviews/export`));
    } finally {
      for (const r of restore) r();
    }

    expect(bodies.length).toBeGreaterThan(10);
    expect(leaksIn(bodies.join("\n"), secrets), "in pages, replies and errors").toEqual([]);
    expect(leaksIn(captured.join("\n"), secrets), "in logs").toEqual([]);

    // Audit rows: saved and replaced, with provider, label and hint — never a secret.
    const audit = await prisma.auditLog.findMany({ where: { entityType: "MerchantAccount" }, select: { action: true, orgId: true, before: true, after: true, reason: true } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["merchant_account.created", "merchant_account.replaced"]));
    const replacedRow = audit.find((a) => a.action === "merchant_account.replaced" && a.orgId === org.id)!;
    expect(replacedRow.before).toMatchObject({ provider: "WECHAT_PAY", label: "本会基本户", secretHint: wechat.form.apiV3Key.slice(-4) });
    expect(replacedRow.after).toMatchObject({ provider: "WECHAT_PAY", secretHint: wechat2.form.apiV3Key.slice(-4) });
    expect(leaksIn(JSON.stringify(audit), secrets), "in audit rows").toEqual([]);

    // Every row of every table, as JSON text: the secrets exist only as ciphertext.
    const tables = await prisma.$queryRaw<{ name: string }[]>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
    expect(tables.length).toBeGreaterThan(20);
    let dump = "";
    for (const { name } of tables) {
      const rows = await prisma.$queryRawUnsafe<{ j: string }[]>(`SELECT row_to_json(t)::text AS j FROM "${name.replace(/"/g, '""')}" t`);
      dump += rows.map((r) => r.j).join("\n");
    }
    expect(dump).toContain(wechat.form.mchId);
    expect(leaksIn(dump, secrets), "in the database").toEqual([]);
    const stored = await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: org.id, provider: "WECHAT_PAY" }, select: { secretCiphertext: true, keyVersion: true, secretHint: true } });
    expect(stored.secretCiphertext[0]).toBe(stored.keyVersion);
    expect(stored.secretHint).toBe(wechat2.form.apiV3Key.slice(-4));
  });
});

describe("which providers a host can offer", () => {
  it("its enabled accounts, the test checkout standing in for the others outside production", async () => {
    const { providersForOrg } = await import("~/modules/payments/merchant-accounts.server");
    const fresh = await createOrganization(prisma, { createdById: (await createUser(prisma)).id });
    expect(await providersForOrg(fresh.id)).toEqual([
      { provider: "WECHAT_PAY", merchantAccountId: null, testCheckout: true },
      { provider: "ALIPAY", merchantAccountId: null, testCheckout: true },
      { provider: "STRIPE", merchantAccountId: null, testCheckout: true },
    ]);
    const wechat = await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: org.id, provider: "WECHAT_PAY" }, select: { id: true } });
    const alipay = await prisma.merchantAccount.findFirstOrThrow({ where: { orgId: org.id, provider: "ALIPAY" }, select: { id: true } });
    expect(await providersForOrg(org.id)).toEqual([
      { provider: "WECHAT_PAY", merchantAccountId: wechat.id, testCheckout: false },
      { provider: "ALIPAY", merchantAccountId: alipay.id, testCheckout: false },
      { provider: "STRIPE", merchantAccountId: null, testCheckout: true },
    ]);
    expect((await c.owner.post(`/org/${org.id}/payments`, { intent: "disable", accountId: alipay.id })).status).toBe(302);
    expect((await providersForOrg(org.id))[1]).toEqual({ provider: "ALIPAY", merchantAccountId: null, testCheckout: true });
    const page = await (await c.owner.get(`/org/${org.id}/payments`)).text();
    expect(page).toContain("已停用");
    expect(await prisma.auditLog.count({ where: { entityId: alipay.id, action: "merchant_account.disabled" } })).toBe(1);
  });
});
