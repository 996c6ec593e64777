/**
 * Delivers the message outbox once: e-mail through SMTP_URL (or, in development, the local catcher
 * writing to .data/mail/), SMS through SMS_PROVIDER. Safe to run beside `npm start` or several at
 * once: rows are claimed with SKIP LOCKED.
 *
 *   npm run jobs:messages
 */
import { runJob } from "../lib/job";
import { localCatcherIfNeeded } from "../lib/messages-worker";

runJob("jobs:messages", async () => {
  const catcher = await localCatcherIfNeeded((m) => console.log(m));
  try {
    const { configuredMailer, drainMessages } = await import("../../app/modules/messages/deliver.server");
    const r = await drainMessages({ mailer: configuredMailer(catcher?.url) });
    return `messages: ${r.claimed} claimed, ${r.sent} sent, ${r.retried} to retry, ${r.failed} failed, ${r.skipped} skipped`;
  } finally {
    await catcher?.close();
  }
});
