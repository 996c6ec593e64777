/**
 * The local mail catcher for development and tests: an SMTP server (smtp-server) on a loopback
 * port that accepts every message, keeps it in memory and, with a directory, writes it as a JSON
 * file (`.data/mail/<time>-<n>.json`: from, to, subject, headers, text, html, raw) so a developer
 * can read what the platform sent. `npm start` and `npm run jobs:messages` start it when SMTP_URL
 * is unset outside production. `fail` makes it refuse the next messages (tests of retries).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type CaughtMail = { from: string; to: string[]; subject: string; headers: Record<string, string>; text: string; html: string; raw: string; receivedAt: string };
export type MailCatcher = { url: string; port: number; messages: CaughtMail[]; failNext(n: number): void; close(): Promise<void> };

function decodeWords(s: string) {
  return s.replace(/=\?([\w-]+)\?([BQbq])\?([^?]*)\?=\s*(?==\?)?/g, (_m, _cs: string, enc: string, data: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQp(data.replace(/_/g, " ")),
  );
}

function decodeQp(s: string) {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < src.length; i++) {
    if (src[i] === "=" && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i]!, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function splitHeaders(raw: string) {
  const idx = raw.search(/\r?\n\r?\n/);
  const head = idx < 0 ? raw : raw.slice(0, idx);
  const body = idx < 0 ? "" : raw.slice(idx).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const c = line.indexOf(":");
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = decodeWords(line.slice(c + 1).trim());
  }
  return { headers, body };
}

function decodeBody(headers: Record<string, string>, body: string) {
  const enc = (headers["content-transfer-encoding"] ?? "").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") return decodeQp(body);
  return body;
}

/** text/plain and text/html of a (possibly multipart) message. */
export function parseMail(raw: string) {
  const { headers, body } = splitHeaders(raw);
  const out = { headers, text: "", html: "" };
  const walk = (h: Record<string, string>, b: string) => {
    const type = (h["content-type"] ?? "text/plain").toLowerCase();
    const boundary = /boundary="?([^";]+)"?/i.exec(h["content-type"] ?? "")?.[1];
    if (type.startsWith("multipart/") && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith("--")) break;
        const p = splitHeaders(part.replace(/^\r?\n/, ""));
        walk(p.headers, p.body);
      }
    } else if (type.startsWith("text/html")) out.html ||= decodeBody(h, b);
    else if (type.startsWith("text/plain")) out.text ||= decodeBody(h, b);
  };
  walk(headers, body);
  return out;
}

export async function startMailCatcher(o: { port?: number; dir?: string; log?: (m: string) => void } = {}): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  let failures = 0;
  let seq = 0;
  if (o.dir) mkdirSync(o.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(_auth, _session, cb) {
      cb(null, { user: "catcher" });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (failures > 0) {
          failures--;
          const err = Object.assign(new Error("Temporary failure (mail catcher told to fail)"), { responseCode: 451 });
          return cb(err);
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = parseMail(raw);
        const mail: CaughtMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.headers.subject ?? "",
          headers: parsed.headers,
          text: parsed.text,
          html: parsed.html,
          raw,
          receivedAt: new Date().toISOString(),
        };
        messages.push(mail);
        if (o.dir) {
          const file = path.join(o.dir, `${mail.receivedAt.replace(/[:.]/g, "-")}-${++seq}.json`);
          writeFileSync(file, JSON.stringify({ ...mail, raw: undefined }, null, 2));
          o.log?.(`mail caught: ${path.relative(process.cwd(), file)}`);
        }
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, "127.0.0.1", () => resolve());
  });
  server.on("error", () => {});
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    failNext(n) {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
