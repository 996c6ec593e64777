/**
 * Chromium for the browser journeys: Debian's package (/usr/bin/chromium) driven by playwright-core.
 * `scripts/ensure-browser.ts` (run by `npm test`) installs it when missing.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter(Boolean) as string[];
  for (const c of candidates) if (existsSync(c)) return c;
  try {
    const p = chromium.executablePath();
    if (p && existsSync(p)) return p;
  } catch {
    // playwright's own browser is not installed
  }
  return null;
}

export type BrowserSession = { context: BrowserContext; page: Page; close(): Promise<void>; snapshot(name: string): Promise<string> };

/** A fresh browser profile per call, headless, with the flags this machine's closed network needs. */
export async function launchBrowser(opts: { locale?: string } = {}): Promise<BrowserSession> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error("No Chromium found. Run `npm test` (it installs one) or set CHROMIUM_PATH.");
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "shanlian-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: opts.locale ?? "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  // BROWSER_DEBUG=1: the page's console, uncaught errors and failed requests in the test output.
  if (process.env.BROWSER_DEBUG) {
    page.on("console", (m) => console.log("console", m.type(), m.text().slice(0, 300)));
    page.on("pageerror", (e) => console.log("pageerror", String(e).slice(0, 500)));
    page.on("response", (r) => r.status() >= 400 && console.log("response", r.status(), r.url()));
  }
  return {
    context,
    page,
    /** Saves a screenshot and the page's HTML under test-results/ (for a failing journey). */
    async snapshot(name: string) {
      const dir = path.resolve(import.meta.dirname, "../../test-results");
      const file = path.join(dir, `${name.replace(/[^\w-]+/g, "_")}`);
      await page.screenshot({ path: `${file}.png`, fullPage: true }).catch(() => undefined);
      const { writeFileSync, mkdirSync } = await import("node:fs");
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${file}.html`, await page.content().catch(() => ""));
      return file;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
