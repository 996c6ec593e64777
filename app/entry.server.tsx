import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { requestLogger } from "~/utils/logger.server";
import { collectingTexts } from "~/modules/i18n/catalog.server";
import { pageMemo, preferredEncoding, readSettledStream, renderMemoOn } from "~/utils/render-memo.server";

export const streamTimeout = 5_000;

/**
 * React 18's streaming renderer pads a chunk with up to three NUL bytes when a multi-byte character
 * (any Chinese text) does not fit at the end of its 2 KB buffer (facebook/react#24985, fixed only in
 * React 19 by #26228), so a word like 分页 comes out as 分页\0\0. HTML never carries NUL, so the trailing
 * ones of each chunk are dropped.
 *
 * It also writes the page in those 2 KB pieces, every one of which would travel on its own through
 * the web stream Remix wraps the body in and become its own socket write (a 60 KB list page: about
 * thirty). What the renderer writes in one go (the shell; later each resolved boundary) is passed
 * on as one chunk at the end of that tick (ADR 022).
 */
function withoutNulPadding(copy?: Buffer[]) {
  let held: Buffer[] = [];
  let scheduled = false;
  const release = (stream: Transform) => {
    scheduled = false;
    if (!held.length) return;
    const out = held.length === 1 ? held[0]! : Buffer.concat(held);
    held = [];
    copy?.push(out);
    stream.push(out);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length;
      while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end--;
      held.push(end === chunk.length ? chunk : chunk.subarray(0, end));
      if (!scheduled) {
        scheduled = true;
        process.nextTick(release, this);
      }
      callback();
    },
    flush(callback) {
      release(this);
      callback();
    },
  });
}

/** Security headers for every document (the HTTP server adds the same to other responses). */
function secureHeaders(headers: Headers) {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set(
    "Content-Security-Policy",
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; form-action 'self' https://checkout.stripe.com; frame-ancestors 'none'; base-uri 'self'",
  );
}

/**
 * Where a page may be answered from the render memo (app/utils/render-memo.server.ts): a plain GET
 * of a page whose route asks for it, answered 200 without errors, for a visitor not signed in.
 */
function memoSlot(request: Request, status: number, bot: boolean, context: EntryContext): string | null {
  if (request.method !== "GET" || status !== 200 || !renderMemoOn()) return null;
  const { staticHandlerContext: handler, routeModules } = context;
  if (handler.errors || handler.actionData) return null;
  const leaf = handler.matches.at(-1);
  const handle = leaf && (routeModules[leaf.route.id]?.handle as { memoRender?: boolean } | undefined);
  if (!handle?.memoRender) return null;
  const root = handler.loaderData.root as { user?: unknown; locale?: unknown } | undefined;
  if (root?.user !== null) return null;
  for (const data of Object.values(handler.loaderData)) if (data instanceof Promise) return null;
  // One address keeps one state per locale: Chinese and English readers take turns without
  // turning each other's page out.
  return `${bot ? "bot" : "page"} ${String(root.locale)} ${request.url}`;
}

function htmlResponse(html: Buffer, status: number, headers: Headers, how: "hit" | "joined") {
  headers.set("X-Render-Memo", how);
  headers.set("Content-Type", "text/html; charset=utf-8");
  secureHeaders(headers);
  // A Buffer is a Uint8Array over an ArrayBuffer (never shared) here.
  return new Response(html as Uint8Array<ArrayBuffer>, { headers, status });
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const bot = isbot(request.headers.get("user-agent") || "");
  const slot = memoSlot(request, responseStatusCode, bot, remixContext);
  // The render's output is copied here and handed to `done` for the memo and the requests waiting on it.
  let memo: { copy: Buffer[]; done: (html: Buffer | null) => void } | undefined;
  if (slot && remixContext.serverHandoffStream) {
    // The state the page hydrates from, as sent to the browser: the same bytes render the same page.
    const { bytes, rest } = await readSettledStream(remixContext.serverHandoffStream as ReadableStream<Uint8Array>);
    remixContext.serverHandoffStream = rest;
    if (bytes) {
      // Says how the page was made (hit: from the memo; joined: from a render of the same state in
      // progress; render), for operators and tests; it tells a visitor nothing the page does not.
      const claim = pageMemo.claim(slot, bytes);
      if ("html" in claim) {
        const encoding = preferredEncoding(request.headers.get("accept-encoding"));
        if (!encoding) return htmlResponse(claim.html, responseStatusCode, responseHeaders, "hit");
        responseHeaders.set("Content-Encoding", encoding);
        responseHeaders.append("Vary", "Accept-Encoding");
        return htmlResponse(claim.encoded(encoding), responseStatusCode, responseHeaders, "hit");
      }
      if ("wait" in claim) {
        const html = await claim.wait;
        if (html) return htmlResponse(html, responseStatusCode, responseHeaders, "joined");
      } else memo = { copy: [], done: claim.done };
      responseHeaders.set("X-Render-Memo", "render");
    }
  }
  try {
    return await render(request, responseStatusCode, responseHeaders, remixContext, bot, memo);
  } catch (error) {
    memo?.done(null);
    throw error;
  }
}

function render(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, bot: boolean, memo: { copy: Buffer[]; done: (html: Buffer | null) => void } | undefined) {
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let allReady = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const respond = () => {
      shellRendered = true;
      const body = withoutNulPadding(memo?.copy);
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      secureHeaders(responseHeaders);
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      if (memo) {
        const { copy, done } = memo;
        // Only a page rendered whole and without error; a render cut short (the visitor left, the
        // timer aborted it) closes without ending.
        body.once("end", () => done(responseStatusCode === 200 ? Buffer.concat(copy) : null));
        body.once("close", () => done(null));
      }
      pipe(body);
      // React aborts the render when its destination closes. Once it has ended the page itself
      // there is nothing left to abort, and that handler would only build an Error and end the
      // ended stream again (another Error, with its stack) on every request.
      const abortOnClose = body.listeners("close").at(-1) as ((...args: unknown[]) => void) | undefined;
      body.once("finish", () => {
        if (abortOnClose) body.off("close", abortOnClose);
      });
    };
    // The render notes the texts it reads: the browser is sent only those (#17.4).
    const { pipe, abort } = collectingTexts(() => renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      onShellReady() {
        if (!bot) respond();
      },
      onAllReady() {
        // Done: the timer below no longer has anything to abort, and would keep the whole render
        // (its tree, the loaders' data) reachable for six seconds after the answer.
        allReady = true;
        clearTimeout(timer);
        if (bot) respond();
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        memo?.done(null);
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) requestLogger(request).error({ err: error, path: new URL(request.url).pathname }, "render error");
      },
    }));
    if (!allReady) timer = setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * Logs server errors with the request id, without request bodies or query strings (they may hold
 * personal data); the logger keeps only an error's name, message and stack, scrubbed.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  // 4xx responses (unknown URLs, refused access) are answers, not server errors.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number" && status < 500) return;
  const url = new URL(request.url);
  requestLogger(request).error({ err: error instanceof Error ? error : String(error), method: request.method, path: url.pathname }, "server error");
};

/**
 * The provider webhook's domain entry, for the HTTP server's fast path (scripts/lib/http-server.ts
 * mounts POST /api/webhooks/stripe ahead of Remix and reaches it as `build.entry.module`): the very
 * function the route app/routes/api+/webhooks.stripe.ts calls, so there is one implementation of
 * verification and the payment inbox. A rush of provider events then costs a signature check and
 * one INSERT each, without Remix's per-request routing and Request/Response conversions.
 */
export { handleWebhook as providerWebhook } from "~/modules/payments/webhook.server";

/**
 * The same for the merchant accounts' WeChat Pay and Alipay notifications (POST
 * /api/webhooks/wechatpay/:accountId and /api/webhooks/alipay/:accountId): the function their routes call.
 */
export { handleMerchantWebhook as merchantWebhook } from "~/modules/payments/merchant-webhook.server";
