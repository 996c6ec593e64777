/**
 * Message delivery beside the web server (`npm start`, `npm run dev`) and in `npm run jobs:messages`.
 * Without SMTP_URL outside production, e-mail goes to the local catcher (scripts/lib/mail-catcher.ts)
 * and lands as JSON files in `.data/mail/`. In production without SMTP_URL e-mail waits in the outbox.
 */
import path from "node:path";
import { startMailCatcher, type MailCatcher } from "./mail-catcher";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const MAIL_DIR = path.join(ROOT, ".data/mail");

/** The catcher's SMTP URL when one is needed (development without SMTP_URL), else undefined. */
export async function localCatcherIfNeeded(log: (m: string) => void): Promise<MailCatcher | undefined> {
  if (process.env.SMTP_URL || process.env.NODE_ENV === "production") return undefined;
  const catcher = await startMailCatcher({ dir: MAIL_DIR, log });
  log(`Mail catcher on ${catcher.url}: e-mail is stored in ${path.relative(process.cwd(), MAIL_DIR) || MAIL_DIR}/ (set SMTP_URL to send for real).`);
  return catcher;
}

/** Starts the 10-second delivery loop unless MESSAGES_WORKER=off; returns a stop function. */
export async function startMessagesWorker(log: (m: string) => void): Promise<() => Promise<void>> {
  if (process.env.MESSAGES_WORKER === "off") {
    log("Messages worker off (MESSAGES_WORKER=off): run `npm run jobs:messages` to deliver.");
    return async () => {};
  }
  const catcher = await localCatcherIfNeeded(log);
  const { configuredMailer, startMessagesLoop } = await import("~/modules/messages/deliver.server");
  const stop = startMessagesLoop({ mailer: configuredMailer(catcher?.url), log });
  log("Messages worker running (every 10 s).");
  return async () => {
    stop();
    await catcher?.close();
  };
}
