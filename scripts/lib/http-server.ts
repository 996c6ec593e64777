import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";

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

export async function loadBuild(): Promise<ServerBuild> {
  // Cache-busting query so a rebuilt bundle is picked up by `npm run dev`.
  return (await import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`)) as ServerBuild;
}

export function createApp(getBuild: () => Promise<ServerBuild> | ServerBuild, opts: { mode?: string } = {}) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : false);
  app.use(compression());
  app.use("/build", express.static(path.join(ROOT, "public/build"), { immutable: true, maxAge: "1y", fallthrough: false }));
  app.use(express.static(path.join(ROOT, "public"), { maxAge: "1h" }));

  app.use((req, res, next) => {
    res.set("X-Content-Type-Options", "nosniff");
    // Our own header carries the client address into Remix; never trust one sent from outside.
    delete req.headers["x-shanlian-client-ip"];
    req.headers["x-shanlian-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    if (isCrossSite(req)) {
      res.status(403).type("text/plain; charset=utf-8").send("跨站提交已被拒绝 / Cross-site form posts are refused");
      return;
    }
    next();
  });

  app.all("*", createRequestHandler({ build: getBuild as () => Promise<ServerBuild>, mode: opts.mode ?? process.env.NODE_ENV }));
  return app;
}

export function listen(app: express.Express, port: number, host = "0.0.0.0"): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
