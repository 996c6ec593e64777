/**
 * Messages really sent (issue 16.2): a mail queued by `notify` reaches a local SMTP catcher in the
 * recipient's language with the one-click unsubscribe headers; the unsubscribe link turns the group
 * off and later rows are SKIPPED; a failing SMTP server is retried with backoff and the message is
 * sent exactly once; two concurrent workers send each message once; the preferences page saves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { startMailCatcher, type MailCatcher } from "../../scripts/lib/mail-catcher";
import type { PrismaClient } from "~/generated/prisma/client";
import type { MailSender } from "~/modules/messages/mail.server";

let app: TestApp;
let prisma: PrismaClient;
let catcher: MailCatcher;
let mailer: MailSender;
let deliverPending: typeof import("~/modules/messages/deliver.server").deliverPending;
let notify: typeof import("~/modules/notifications/notifications.server").notify;
let zh: Awaited<ReturnType<typeof createUser>>;
let en: Awaited<ReturnType<typeof createUser>>;

const params = { project: "社区助老", time: "12月5日 09:00", place: "渝北区服务站" };
const later = (ms: number, from = new Date()) => new Date(from.getTime() + ms);
const deliver = (now = later(1000)) => deliverPending({ mailer, appUrl: app.baseUrl, now });
const mailTo = (email: string) => catcher.messages.filter((m) => m.to.includes(email));

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  ({ deliverPending } = await import("~/modules/messages/deliver.server"));
  ({ notify } = await import("~/modules/notifications/notifications.server"));
  const { smtpSender } = await import("~/modules/messages/mail.server");
  catcher = await startMailCatcher();
  mailer = smtpSender(catcher.url, "善联 <noreply@shanlian.test>");
  zh = await createUser(prisma, { displayName: "王小明" });
  en = await createUser(prisma, { displayName: "Alice" });
  await prisma.user.update({ where: { id: en.id }, data: { locale: "en" } });
});

afterAll(async () => {
  await catcher?.close();
  await app?.close();
});

describe("e-mail delivery", () => {
  it("renders each mail in the recipient's language, with an absolute link and the unsubscribe headers", async () => {
    await notify(prisma, zh.id, "volunteering.reminder", params, "/me/volunteering");
    await notify(prisma, en.id, "volunteering.reminder", params, "/me/volunteering");
    const r = await deliver();
    expect(r).toMatchObject({ claimed: 2, sent: 2 });

    const [toZh] = mailTo(zh.email);
    expect(toZh!.subject).toBe("【善联】志愿服务消息");
    expect(toZh!.text).toContain("王小明，您好");
    expect(toZh!.text).toContain("明天别忘了：社区助老，12月5日 09:00，地点 渝北区服务站");
    expect(toZh!.text).toContain(`${app.baseUrl}/me/volunteering`);
    expect(toZh!.html).toContain(`href="${app.baseUrl}/me/volunteering"`);

    const [toEn] = mailTo(en.email);
    expect(toEn!.subject).toBe("[Shanlian] Volunteering");
    expect(toEn!.text).toContain("Hello Alice,");
    expect(toEn!.text).toContain("Tomorrow: 社区助老, 12月5日 09:00, at 渝北区服务站");

    for (const m of [toZh!, toEn!]) {
      expect(m.headers["list-unsubscribe"]).toMatch(new RegExp(`^<${app.baseUrl}/unsubscribe/[^>]+>$`));
      expect(m.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    }
    const rows = await prisma.messageOutbox.findMany({ where: { recipient: { in: [zh.id, en.id] } }, select: { status: true, attempts: true, sentAt: true, provider: true } });
    expect(rows.every((x) => x.status === "SENT" && x.attempts === 1 && x.sentAt && x.provider === "smtp")).toBe(true);
  });

  it("one-click unsubscribe (RFC 8058 POST, no sign-in) turns the group off: later rows are SKIPPED, not sent", async () => {
    const url = mailTo(en.email)[0]!.headers["list-unsubscribe"]!.slice(1, -1);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: en.id }, select: { messagePreferences: true } })).toEqual({ messagePreferences: {} });
    const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(res.status).toBe(200);

    const before = catcher.messages.length;
    await notify(prisma, en.id, "volunteering.shiftChanged", params, "/me/volunteering");
    // Another group still arrives; security mail cannot be turned off.
    await notify(prisma, en.id, "funding.donationPaid", { campaign: "暖冬行动", amount: "¥100.00" }, "/me/donations");
    const r = await deliver();
    expect(r).toMatchObject({ sent: 1, skipped: 1 });
    const skipped = await prisma.messageOutbox.findFirstOrThrow({ where: { recipient: en.id, template: "volunteering.shiftChanged" }, select: { status: true, lastError: true } });
    expect(skipped).toEqual({ status: "SKIPPED", lastError: "unsubscribed" });
    expect(catcher.messages.length).toBe(before + 1);
    expect(catcher.messages.at(-1)!.subject).toBe("[Shanlian] Donations");

    const forged = await fetch(url.replace(/.$/, (c) => (c === "a" ? "b" : "a")), { method: "POST", body: "" });
    expect(forged.status).toBe(400);
  });

  it("a failing SMTP server: retried after 1 min then 5 min, sent exactly once, nothing personal in lastError", async () => {
    const start = later(1000);
    catcher.failNext(2);
    await notify(prisma, zh.id, "volunteering.signupConfirmed", { project: "社区助老", time: "12月5日" }, "/me/volunteering");
    expect(await deliver(start)).toMatchObject({ claimed: 1, retried: 1 });
    let row = await prisma.messageOutbox.findFirstOrThrow({ where: { recipient: zh.id, template: "volunteering.signupConfirmed" } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(row.nextAttemptAt.getTime()).toBe(start.getTime() + 60_000);
    expect(row.lastError).toMatch(/SMTP 451/);
    expect(row.lastError).not.toContain(zh.email);

    expect(await deliver(later(30_000, start))).toMatchObject({ claimed: 0 }); // not due yet
    expect(await deliver(later(61_000, start))).toMatchObject({ claimed: 1, retried: 1 });
    row = await prisma.messageOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt.getTime()).toBe(start.getTime() + 61_000 + 5 * 60_000);

    const before = mailTo(zh.email).length;
    expect(await deliver(later(61_000 + 5 * 60_000 + 1000, start))).toMatchObject({ claimed: 1, sent: 1 });
    row = await prisma.messageOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(row).toMatchObject({ status: "SENT", attempts: 3, lastError: null });
    expect(mailTo(zh.email).length).toBe(before + 1);
    expect(await deliver(later(24 * 3600_000, start))).toMatchObject({ claimed: 0 });
    expect(mailTo(zh.email).length).toBe(before + 1);
  });

  it("gives up after five failed attempts (1 min, 5 min, 30 min, 2 h) and records FAILED", async () => {
    catcher.failNext(5);
    await notify(prisma, zh.id, "volunteering.hoursConfirmed", { project: "社区助老", hours: 3 });
    let now = later(1000);
    for (const wait of [0, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000]) {
      now = later(wait + 1, now);
      await deliver(now);
    }
    const row = await prisma.messageOutbox.findFirstOrThrow({ where: { recipient: zh.id, template: "volunteering.hoursConfirmed" } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 5 });
    expect(await deliver(later(24 * 3600_000, now))).toMatchObject({ claimed: 0 });
  });

  it("two workers at once send each message exactly once", async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => createUser(prisma)));
    for (const u of users) for (let i = 0; i < 3; i++) await notify(prisma, u.id, "orgs.invited", { org: `组织${i}`, role: "成员" }, "/me");
    const before = catcher.messages.length;
    const now = later(1000);
    const [a, b] = await Promise.all([deliverPending({ mailer, appUrl: app.baseUrl, now, limit: 7 }), deliverPending({ mailer, appUrl: app.baseUrl, now, limit: 7 })]);
    const c = await deliverPending({ mailer, appUrl: app.baseUrl, now, limit: 50 });
    expect(a.sent + b.sent + c.sent).toBe(12);
    const got = catcher.messages.slice(before);
    expect(got.length).toBe(12);
    expect(new Set(got.map((m) => m.headers["x-shanlian-message"])).size).toBe(12);
  });

  it("security mail (queued to an address) goes out in the account's language and carries no unsubscribe", async () => {
    await prisma.user.update({ where: { id: en.id }, data: { emailVerifiedAt: null } });
    const { sendVerificationEmail } = await import("~/modules/accounts/email-tokens.server");
    await sendVerificationEmail(en.id, "");
    await deliver();
    const m = mailTo(en.email).at(-1)!;
    expect(m.subject).toBe("[Shanlian] Please verify your e-mail address");
    expect(m.text).toContain(`${app.baseUrl}/auth/verify-email?token=`);
    expect(m.headers["list-unsubscribe"]).toBeUndefined();
  });

  it("the preferences page saves e-mail/SMS per group and refuses unknown fields with 400", async () => {
    const client = new TestClient(app.baseUrl);
    await client.signIn(zh.email, zh.password);
    const page = await client.get("/me/notifications");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("通知设置");
    const saved = await client.post("/me/notifications", { email_donations: "on", email_organization: "on", sms_volunteering: "on" });
    expect(saved.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: zh.id }, select: { messagePreferences: true } })).messagePreferences).toEqual({
      email: { volunteering: false },
      sms: { donations: false, organization: false },
    });
    const bad = await client.post("/me/notifications", { email_security: "on" });
    expect(bad.status).toBe(400);
    expect(await new TestClient(app.baseUrl).get("/me/notifications", { followRedirects: false }).then((r) => r.status)).toBe(302);
  });
});
