/**
 * The mail transport of the job workers (`npm start`, `npm run dev`, `npm run worker`) and of
 * `npm run jobs:messages`. Without SMTP_URL outside production, e-mail goes to the local catcher
 * (scripts/lib/mail-catcher.ts) and lands as JSON files in `.data/mail/`. In production without
 * SMTP_URL e-mail waits in the outbox.
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
