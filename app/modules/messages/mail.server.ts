import nodemailer from "nodemailer";

/** The e-mail port: one SMTP transport (a real server, or the local catcher in development). */
export type OutgoingMail = { to: string; subject: string; text: string; html: string; headers: Record<string, string> };
export type MailSender = { name: string; send(mail: OutgoingMail): Promise<{ messageId: string }> };

export function smtpSender(smtpUrl: string, from: string, name = "smtp"): MailSender {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    name,
    async send(mail) {
      const info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers });
      return { messageId: String(info.messageId ?? "") };
    },
  };
}

/**
 * What a failure is recorded as: the SMTP reply code and nodemailer's error code only. Error
 * messages may quote the recipient's address, so they never reach the outbox or the logs.
 */
export function mailErrorText(e: unknown) {
  const err = (e ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
  const parts = [typeof err.code === "string" ? err.code : null, typeof err.responseCode === "number" ? `SMTP ${err.responseCode}` : null, typeof err.command === "string" ? `at ${err.command.split(" ")[0]}` : null].filter(Boolean);
  return parts.length ? parts.join(" ") : "send failed";
}
