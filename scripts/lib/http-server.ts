import http from "node:http";
import path from "node:path";
import { Transform } from "node:stream";
import { pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import { createReadableStreamFromReadable, createRequestHandler as createRemixHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type { ServerBuild } from "@remix-run/node";
import { bodyLimitFor, hasControlChars, INPUT_ERRORS } from "../../app/utils/input-limits";
import { makeT } from "../../app/modules/i18n/i18n";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "../../app/modules/i18n/resources";
import { mountHealthRoutes } from "./health";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { isbot } from "isbot";
import { logger, requestIdFrom, scrubText } from "../../app/utils/logger.server";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const BUILD_PATH = path.join(ROOT, "build/index.js");

/** Paths that receive cross-site POSTs by design (payment webhooks: they carry their own signatures). */
const CROSS_SITE_ALLOWED = [/^\/api\/webhooks\//];

/**
 * Refuses state-changing requests from other sites. Browsers send `Origin` (and `Sec-Fetch-Site`)
 * on form posts; SameSite=Lax cookies already keep the session out of them, this makes the refusal
 * explicit and independent of cookie behaviour.
 */
export function isCrossSite(req: express.Request) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return false;
  if (CROSS_SITE_ALLOWED.some((re) => re.test(req.path))) return false;
  const fetchSite = req.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = req.get("origin");
  if (!origin || origin === "null") return origin === "null";
  try {
    return new URL(origin).host !== req.get("host");
  } catch {
    return true;
  }
}

/** The language of the locale cookie (`sl_locale`, a Remix cookie: base64 of JSON), else Chinese. */
function localeOf(req: express.Request): Locale {
  const raw = /(?:^|;\s*)sl_locale=([^;]*)/.exec(req.get("cookie") ?? "")?.[1];
  if (!raw) return DEFAULT_LOCALE;
  try {
    const value: unknown = JSON.parse(Buffer.from(decodeURIComponent(raw), "base64").toString("utf8"));
    return (LOCALES as readonly unknown[]).includes(value) ? (value as Locale) : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Answers a refused input (bad query string, body too large) before Remix sees the request: a
 * short page, or JSON for fetches and API calls, in the user's language, without any detail.
 */
function refuseInput(req: express.Request, res: express.Response, status: 400 | 413, messageKey: string) {
  if (res.headersSent) return;
  res.locals.inputRefused = true;
  const locale = localeOf(req);
  const t = makeT(locale);
  const message = t(messageKey);
  // We will not read the rest of the body: close the connection once the answer is out.
  if (status === 413) res.set("Connection", "close");
  res.status(status);
  const wantsJson = req.path.startsWith("/api/") || "_data" in req.query || /application\/json/.test(req.get("accept") ?? "");
  if (wantsJson) {
    res.json({ messageKey, message });
    return;
  }
  res
    .type("text/html; charset=utf-8")
    .send(
      `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(t("security.input.title"))}</title></head>` +
        `<body><main role="alert"><p>${status}</p><h1>${escapeHtml(t("security.input.title"))}</h1><p>${escapeHtml(message)}</p><p><a href="/">${escapeHtml(t("security.input.goHome"))}</a></p></main></body></html>`,
    );
}

/**
 * Query strings and paths: malformed percent-encoding and control characters (NUL…) are answered
 * with 400 here, once, instead of reaching a loader and the database.
 */
export function checkUrl(originalUrl: string): string | null {
  const q = originalUrl.indexOf("?");
  const pathname = q === -1 ? originalUrl : originalUrl.slice(0, q);
  const search = q === -1 ? "" : originalUrl.slice(q + 1);
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(pathname);
  } catch {
    return INPUT_ERRORS.badEncoding;
  }
  if (hasControlChars(decodedPath)) return INPUT_ERRORS.controlChars;
  for (const part of search.split("&")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part.replace(/\+/g, " "));
    } catch {
      return INPUT_ERRORS.badEncoding;
    }
    if (hasControlChars(decoded)) return INPUT_ERRORS.controlChars;
  }
  return null;
}

/**
 * Express → Remix, like @remix-run/express's handler, except that the request body goes through a
 * byte counter: past the route's limit (app/utils/input-limits.ts) the client gets 413 at once and
 * the rest of the body is not read into the app.
 */
function remixHandler(getBuild: () => Promise<ServerBuild> | ServerBuild, mode: string | undefined): express.RequestHandler {
  // Given a function, Remix derives its route tables (routes, data routes, static handler) again on
  // every request, so a rebuilt app is picked up: development needs that. Anywhere else the build
  // never changes; it is resolved once and handed over as an object, which Remix derives once —
  // with 200+ routes that derivation was the largest part of a bare page's CPU (issue 17.5).
  const dev = mode === "development";
  const devHandler = dev ? createRemixHandler(getBuild as () => Promise<ServerBuild>, mode) : undefined;
  let handler: ReturnType<typeof createRemixHandler> | undefined;
  const handleRequest = async (request: Request) => {
    if (devHandler) return devHandler(request);
    handler ??= createRemixHandler(await getBuild(), mode);
    return handler(request);
  };
  return async (req, res, next) => {
    try {
      const response = await handleRequest(toRemixRequest(req, res));
      // Refused while the body was streaming in: the answer is already out.
      if (res.locals.inputRefused || res.headersSent) return;
      await sendRemixResponse(res, response);
    } catch (error) {
      if (res.locals.inputRefused || res.headersSent) return;
      next(error);
    }
  };
}

/** The request's origin as Remix sees it (as in @remix-run/express: the port from X-Forwarded-Host or Host, the host name as Express resolved it). */
function requestOrigin(req: express.Request): string {
  const portOf = (h: string | undefined) => Number.parseInt(h?.split(":")[1] ?? "", 10);
  const port = [portOf(req.get("X-Forwarded-Host")), portOf(req.get("host"))].find((p) => Number.isSafeInteger(p));
  return `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}`;
}

function toRemixRequest(req: express.Request, res: express.Response): Request {
  const url = new URL(`${requestOrigin(req)}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: createRemixHeaders(req.headers), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const limit = bodyLimitFor(req.path);
    let seen = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length;
        if (seen > limit) {
          req.unpipe(counter);
          refuseInput(req, res, 413, INPUT_ERRORS.tooLarge);
          callback(new Error("request body over the limit"));
          return;
        }
        callback(null, chunk);
      },
    });
    req.pipe(counter);
    init.body = createReadableStreamFromReadable(counter);
    init.duplex = "half";
  }
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

function createRemixHeaders(requestHeaders: http.IncomingHttpHeaders) {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

async function sendRemixResponse(res: express.Response, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** A provider notification answered by the fast path: status, body, and its content type (JSON when none is given). */
type WebhookReply = { status: number; body: unknown; contentType?: string };
type ProviderWebhook = (provider: "STRIPE", rawBody: string, headers: Headers) => Promise<WebhookReply>;
type MerchantWebhook = (provider: "WECHAT_PAY" | "ALIPAY", accountId: string, rawBody: string, headers: Headers, origin: string) => Promise<WebhookReply>;
/** A mounted path's build export, and how to call it with the request's raw body. */
type FastWebhook<H> = { entry: "providerWebhook" | "merchantWebhook"; call: (handler: H, req: express.Request, rawBody: string) => Promise<WebhookReply> };

const stripe: FastWebhook<ProviderWebhook> = { entry: "providerWebhook", call: (handle, req, raw) => handle("STRIPE", raw, createRemixHeaders(req.headers)) };
const merchant = (provider: "WECHAT_PAY" | "ALIPAY"): FastWebhook<MerchantWebhook> => ({
  entry: "merchantWebhook",
  call: (handle, req, raw) => handle(provider, req.params.accountId ?? "", raw, createRemixHeaders(req.headers), requestOrigin(req)),
});

/**
 * Provider notification routes answered by the fast path (their Remix routes stay, and serve
 * development), each with the build export that handles it — the very function its Remix route
 * calls: Stripe's `providerWebhook` (payments/webhook.server.ts `handleWebhook`) and the merchant
 * accounts' WeChat Pay and Alipay `merchantWebhook` (payments/merchant-webhook.server.ts
 * `handleMerchantWebhook`, which also takes the account and the origin as Remix computes it).
 */
const FAST_WEBHOOKS: [string, FastWebhook<ProviderWebhook> | FastWebhook<MerchantWebhook>][] = [
  ["/api/webhooks/stripe", stripe],
  ["/api/webhooks/wechatpay/:accountId", merchant("WECHAT_PAY")],
  ["/api/webhooks/alipay/:accountId", merchant("ALIPAY")],
];

/**
 * POST of a provider notification without Remix (issue 16.6: a donation rush's provider events):
 * the raw body, counted against the route's limit as Remix's requests are, goes to the build's
 * handler, and its reply is sent as the route would send it. Runs after the request log, the
 * cross-site and URL checks and the declared-length check above; an error reaches the error handler
 * below (logged with the request id, never the body). A build without the export: Remix answers.
 */
function webhookFastPath<H>(getBuild: () => Promise<ServerBuild> | ServerBuild, webhook: FastWebhook<H>): express.RequestHandler {
  let handler: Promise<H | undefined> | undefined;
  const decoder = new TextDecoder();
  return (req, res, next) => {
    handler ??= Promise.resolve(getBuild()).then((b) => (b.entry.module as unknown as Record<string, unknown>)[webhook.entry] as H | undefined);
    (async () => {
      const handle = await handler;
      if (typeof handle !== "function") return next();
      const body = await readRawBody(req, res, bodyLimitFor(req.path));
      if (!body) return; // refused (413 sent) or the client went away
      // As Request.text() reads it: UTF-8, a leading BOM dropped.
      const reply = await webhook.call(handle, req, decoder.decode(body));
      if (res.headersSent) return;
      if (reply.contentType) res.status(reply.status).type(reply.contentType).send(reply.body);
      else res.status(reply.status).json(reply.body);
    })().catch((e: unknown) => {
      if (res.locals.inputRefused || res.headersSent) return;
      next(e);
    });
  };
}

/** The request body, or null once it passed `limit` (then 413 is already answered) or the connection failed. */
function readRawBody(req: express.Request, res: express.Response, limit: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) {
        req.off("data", onData);
        req.pause();
        refuseInput(req, res, 413, INPUT_ERRORS.tooLarge);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks, seen)));
    req.once("error", () => resolve(null));
    req.once("close", () => resolve(req.complete ? Buffer.concat(chunks, seen) : null));
  });
}

/** A per-process key: client addresses are logged only as a keyed hash (same client, same hash, until restart). */
const IP_KEY = randomBytes(32);
const ipHash = (ip: string | undefined) => (ip ? createHmac("sha256", IP_KEY).update(ip).digest("base64url").slice(0, 12) : undefined);

/** The path for the log: never the query string; long digit runs, e-mails and IDs masked; bounded. */
export function safePath(p: string) {
  return scrubText(p.length > 200 ? `${p.slice(0, 200)}…` : p).replace(/\d{11,}/g, "[digits]");
}

/**
 * Request ids and the request log (issue 16: ops). A safe incoming `X-Request-Id` (from a proxy) is
 * kept, anything else replaced by a random id; the id goes back in the response header and on to
 * Remix (loaders and handleError log with it). One JSON line per request when it ends: method,
 * path without the query string, status, duration, length, a keyed hash of the address, a bot flag.
 */
function requestLog(req: express.Request, res: express.Response, next: express.NextFunction) {
  const started = process.hrtime.bigint();
  const requestId = requestIdFrom(req.get("x-request-id"));
  req.headers["x-request-id"] = requestId;
  res.locals.requestId = requestId;
  res.set("X-Request-Id", requestId);
  res.once("close", () => {
    const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
    const length = Number(res.get("content-length"));
    const line: Record<string, unknown> = {
      reqId: requestId,
      method: req.method,
      path: safePath(req.path),
      status: res.statusCode,
      ms,
      client: ipHash(req.ip ?? req.socket.remoteAddress),
    };
    if (Number.isFinite(length)) line.length = length;
    if (!res.writableFinished) line.aborted = true;
    if (isbot(req.get("user-agent") ?? "")) line.bot = true;
    const log = logger();
    if (res.statusCode >= 500) log.warn(line, "request");
    else log.info(line, "request");
  });
  next();
}

/**
 * The other files of public/ (favicon, share image), served only for paths under its top-level
 * entries as they were at start: every page request used to go through `send`, which stats a file
 * that is not there and builds an error (ENOENT) before Remix gets the request. In development every
 * path is tried, so a file added while `npm run dev` runs is served without a restart.
 */
export function publicFiles(mode: string | undefined = process.env.NODE_ENV): express.RequestHandler {
  const dir = path.join(ROOT, "public");
  const serve = express.static(dir, { maxAge: "1h" });
  if (mode === "development") return serve;
  const entries = new Set(existsSync(dir) ? readdirSync(dir).filter((f) => f !== "build") : []);
  return (req, res, next) => {
    const first = req.path.split("/", 2)[1] ?? "";
    if (!entries.has(safeDecode(first))) return next();
    serve(req, res, next);
  };
}

function safeDecode(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export async function loadBuild(): Promise<ServerBuild> {
  // Cache-busting query so a rebuilt bundle is picked up by `npm run dev`.
  return (await import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`)) as ServerBuild;
}

export function createApp(getBuild: () => Promise<ServerBuild> | ServerBuild, opts: { mode?: string } = {}) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : false);
  // Probes first: cheap, no session or Remix (issue 16: ops; see health.ts).
  mountHealthRoutes(app);
  // Everything after the probes gets a request id and one log line.
  app.use(requestLog);
  app.use(compression());
  app.use("/build", express.static(path.join(ROOT, "public/build"), { immutable: true, maxAge: "1y", fallthrough: false }));
  app.use(publicFiles(opts.mode));

  app.use((req, res, next) => {
    res.set("X-Content-Type-Options", "nosniff");
    // Our own header carries the client address into Remix; never trust one sent from outside.
    delete req.headers["x-shanlian-client-ip"];
    req.headers["x-shanlian-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    if (isCrossSite(req)) {
      res.status(403).type("text/plain; charset=utf-8").send("跨站提交已被拒绝 / Cross-site form posts are refused");
      return;
    }
    const urlError = checkUrl(req.originalUrl);
    if (urlError) return refuseInput(req, res, 400, urlError);
    // A declared length over the limit is refused before a byte of the body is read.
    const declared = Number(req.get("content-length") ?? 0);
    if (declared > bodyLimitFor(req.path)) return refuseInput(req, res, 413, INPUT_ERRORS.tooLarge);
    next();
  });

  const mode = opts.mode ?? process.env.NODE_ENV;
  // Outside development (where every request must see a rebuilt app) provider webhooks skip Remix.
  if (mode !== "development") {
    for (const [path, webhook] of FAST_WEBHOOKS) app.post(path, webhookFastPath(getBuild, webhook as FastWebhook<unknown>));
  }
  app.all("*", remixHandler(getBuild, mode));
  // Errors that escaped Remix: logged with the request id (never the body), answered with a bare 500.
  app.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    logger().error({ reqId: res.locals.requestId, err: error, method: req.method, path: safePath(req.path) }, "request failed");
    if (res.headersSent) return next(error);
    res.status(500).type("text/plain; charset=utf-8").send("服务器错误 / Server error");
  });
  return app;
}

export function listen(app: express.Express, port: number, host = "0.0.0.0"): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
