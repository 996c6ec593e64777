import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { groupOf, isOptionalGroup, parsePreferences, wants, type Channel } from "./groups";
import { mailErrorText, smtpSender, type MailSender } from "./mail.server";
import { unsubscribeToken } from "./preferences.server";
import { absolute, renderMail, smsParams } from "./render.server";
import { SmsError, smsSender, type SmsSender } from "./sms.server";

/**
 * The delivery worker of the message outbox. `deliverPending` claims due rows with
 * `FOR UPDATE SKIP LOCKED` and pushes them forward by a lease in the same transaction, so several
 * processes (or two loops) never take the same row; sending happens after the claim commits, and a
 * process that dies mid-send leaves the row to be taken again once the lease ends. Each row is
 * rendered in the recipient's language, checked against their preferences (SKIPPED when turned
 * off), sent, and recorded SENT, or retried with backoff and finally FAILED.
 * It is callable on its own (`npm run jobs:messages`) and runs as the `messages-deliver` job (app/modules/jobs).
 */
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000];
/** A first try plus one retry per backoff step; the next failure is final. */
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
const LEASE_MS = 10 * 60_000;

export type DeliverOptions = {
  limit?: number;
  now?: Date;
  /** The e-mail transport; default from SMTP_URL/MAIL_FROM. Without one, e-mail rows wait. */
  mailer?: MailSender | null;
  /** The SMS adapter; default from SMS_*. Without one, SMS rows are SKIPPED. */
  sms?: SmsSender | null;
  appUrl?: string;
};
export type DeliverReport = { claimed: number; sent: number; retried: number; failed: number; skipped: number };

let defaultMailer: MailSender | null | undefined;
let defaultSms: SmsSender | null | undefined;

/** The transport from the configuration (cached); a local catcher URL may be given by `npm start`. */
export function configuredMailer(fallbackSmtpUrl?: string): MailSender | null {
  if (defaultMailer !== undefined && !fallbackSmtpUrl) return defaultMailer;
  const env = getEnv();
  const url = env.SMTP_URL ?? fallbackSmtpUrl;
  if (!url) return (defaultMailer = null);
  return (defaultMailer = smtpSender(url, env.MAIL_FROM ?? "善联 <noreply@localhost>", env.SMTP_URL ? "smtp" : "catcher"));
}

export function configuredSms(): SmsSender | null {
  if (defaultSms !== undefined) return defaultSms;
  const env = getEnv();
  if (!env.SMS_PROVIDER || !env.SMS_ACCESS_KEY_ID || !env.SMS_ACCESS_KEY_SECRET || !env.SMS_SIGN_NAME) return (defaultSms = null);
  return (defaultSms = smsSender({
    provider: env.SMS_PROVIDER,
    accessKeyId: env.SMS_ACCESS_KEY_ID,
    accessKeySecret: env.SMS_ACCESS_KEY_SECRET,
    signName: env.SMS_SIGN_NAME,
    templates: env.SMS_TEMPLATES ? (JSON.parse(env.SMS_TEMPLATES) as Record<string, string>) : {},
    endpoint: env.SMS_ENDPOINT,
    region: env.SMS_REGION,
    sdkAppId: env.SMS_SDK_APP_ID,
  }));
}

type Row = { id: string; channel: string; recipient: string; template: string; payload: unknown; attempts: number };

async function claim(now: Date, limit: number, channels: Channel[]): Promise<Row[]> {
  return prisma.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "MessageOutbox"
      WHERE status = 'PENDING' AND channel = ANY(${channels}::text[])
        AND "nextAttemptAt" <= (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')
      ORDER BY "nextAttemptAt", "createdAt", id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    if (!due.length) return [];
    const ids = due.map((d) => d.id);
    await tx.messageOutbox.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: new Date(now.getTime() + LEASE_MS) } });
    return tx.messageOutbox.findMany({ where: { id: { in: ids } }, select: { id: true, channel: true, recipient: true, template: true, payload: true, attempts: true } });
  });
}

const USER_SELECT = { id: true, email: true, emailVerifiedAt: true, displayName: true, locale: true, messagePreferences: true, deletedAt: true, disabledAt: true, profile: { select: { phone: true } } } as const;

async function recipientOf(row: Row) {
  // E-mail tokens and guest receipts are queued to an address; notifications to a user id.
  if (row.recipient.includes("@")) {
    const user = await prisma.user.findUnique({ where: { email: row.recipient }, select: USER_SELECT });
    return { user, address: row.recipient };
  }
  const user = await prisma.user.findUnique({ where: { id: row.recipient }, select: USER_SELECT });
  return { user, address: user?.email ?? null };
}

type Outcome = { kind: "sent"; provider: string; messageId: string } | { kind: "skipped"; reason: string } | { kind: "error"; error: string };

async function deliverOne(row: Row, o: Required<Pick<DeliverOptions, "appUrl">> & { mailer: MailSender | null; sms: SmsSender | null }): Promise<Outcome> {
  const channel = row.channel as Channel;
  const group = groupOf(row.template);
  const { user, address } = await recipientOf(row);
  if (user?.deletedAt) return { kind: "skipped", reason: "account deleted" };
  if (user && !wants(parsePreferences(user.messagePreferences), channel, group)) return { kind: "skipped", reason: "unsubscribed" };

  if (channel === "sms") {
    if (!o.sms) return { kind: "skipped", reason: "no SMS provider configured" };
    const templateCode = o.sms.templateFor(row.template);
    if (!templateCode) return { kind: "skipped", reason: "no SMS template for this kind" };
    const phone = user?.profile?.phone;
    if (!phone || user.disabledAt) return { kind: "skipped", reason: "no phone" };
    try {
      const r = await o.sms.send({ phone, templateCode, params: smsParams(row.payload) });
      return { kind: "sent", provider: o.sms.name, messageId: r.messageId };
    } catch (e) {
      return { kind: "error", error: e instanceof SmsError ? e.message : "sms: send failed" };
    }
  }

  if (channel !== "email" || !o.mailer) return { kind: "skipped", reason: `no transport for channel` };
  if (!address) return { kind: "skipped", reason: "no address" };
  // Notifications go only to a proved address; security mail (the proof itself) to the address asked for.
  if (group !== "security" && user && !user.emailVerifiedAt && !row.recipient.includes("@")) return { kind: "skipped", reason: "address not verified" };
  const unsubscribeUrl = user && isOptionalGroup(group) ? absolute(`/unsubscribe/${unsubscribeToken(user.id, group)}`, o.appUrl) : null;
  const mail = renderMail({ template: row.template, payload: row.payload, locale: user?.locale, name: user?.displayName, appUrl: o.appUrl, unsubscribeUrl });
  const headers: Record<string, string> = { "X-Shanlian-Message": row.id };
  if (unsubscribeUrl) {
    headers["List-Unsubscribe"] = `<${unsubscribeUrl}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  try {
    const r = await o.mailer.send({ to: address, subject: mail.subject, text: mail.text, html: mail.html, headers });
    return { kind: "sent", provider: o.mailer.name, messageId: r.messageId.slice(0, 200) };
  } catch (e) {
    return { kind: "error", error: `smtp: ${mailErrorText(e)}` };
  }
}

export async function deliverPending(opts: DeliverOptions = {}): Promise<DeliverReport> {
  const now = opts.now ?? new Date();
  const mailer = opts.mailer !== undefined ? opts.mailer : configuredMailer();
  const sms = opts.sms !== undefined ? opts.sms : configuredSms();
  const appUrl = opts.appUrl ?? getEnv().APP_URL ?? "http://localhost:3000";
  // Without a mail transport e-mail rows wait (they go out once SMTP_URL is set); SMS rows are decided now.
  const channels: Channel[] = mailer ? ["email", "sms"] : ["sms"];
  const rows = await claim(now, opts.limit ?? 50, channels);
  const report: DeliverReport = { claimed: rows.length, sent: 0, retried: 0, failed: 0, skipped: 0 };
  for (const row of rows) {
    const out = await deliverOne(row, { appUrl, mailer, sms });
    if (out.kind === "sent") {
      report.sent++;
      await prisma.messageOutbox.update({ where: { id: row.id }, data: { status: "SENT", sentAt: new Date(), attempts: { increment: 1 }, lastError: null, provider: out.provider, providerMessageId: out.messageId || null } });
    } else if (out.kind === "skipped") {
      report.skipped++;
      await prisma.messageOutbox.update({ where: { id: row.id }, data: { status: "SKIPPED", lastError: out.reason } });
    } else {
      const attempts = row.attempts + 1;
      const final = attempts >= MAX_ATTEMPTS;
      if (final) report.failed++;
      else report.retried++;
      await prisma.messageOutbox.update({
        where: { id: row.id },
        data: { status: final ? "FAILED" : "PENDING", attempts, lastError: out.error.slice(0, 300), nextAttemptAt: final ? now : new Date(now.getTime() + BACKOFF_MS[attempts - 1]!) },
      });
    }
  }
  return report;
}

/** Delivers until nothing due is left (bounded), for the job script and the loop. */
export async function drainMessages(opts: DeliverOptions = {}) {
  const total: DeliverReport = { claimed: 0, sent: 0, retried: 0, failed: 0, skipped: 0 };
  for (let i = 0; i < 100; i++) {
    const r = await deliverPending(opts);
    for (const k of Object.keys(total) as (keyof DeliverReport)[]) total[k] += r[k];
    if (r.claimed < (opts.limit ?? 50)) break;
  }
  return total;
}
