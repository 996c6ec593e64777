/**
 * A document request leaves no render behind once it is answered (app/entry.server.tsx): the render's
 * abort timer is cleared when React is done (it used to wait six seconds per page, holding the whole
 * render — tree and loaders' data — reachable), and React's close handler no longer ends the finished
 * stream again. Pages still come whole to browsers (streamed after the shell) and to crawlers (after
 * everything is ready).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 120_000);
afterAll(async () => {
  await app?.close();
});

const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
const BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
const CRAWLER = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)";

describe("document rendering", () => {
  it("answers browsers and crawlers with the whole page", async () => {
    for (const ua of [BROWSER, CRAWLER]) {
      for (const path of ["/", "/campaigns", "/projects"]) {
        const res = await fetch(`${app.baseUrl}${path}`, { headers: { "User-Agent": ua } });
        expect(res.status, path).toBe(200);
        const html = await res.text();
        expect(html.startsWith("<!DOCTYPE html>"), path).toBe(true);
        expect(html, path).toContain("</html>");
        expect(html).not.toContain("\0");
      }
    }
  });

  it("keeps no timer per answered page", async () => {
    // Warm up (first renders start the app's own long-lived timers).
    for (let i = 0; i < 3; i++) await (await fetch(`${app.baseUrl}/campaigns`)).text();
    const before = timers();
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${app.baseUrl}/campaigns`, { headers: { "User-Agent": i % 2 ? CRAWLER : BROWSER } });
      await res.text();
    }
    // Remix keeps one timer per page for five seconds (its data encoder's deadline; it holds an
    // AbortController and nothing of the page when no data is deferred). The render's own timer,
    // which held everything, was a second one per page: 50 here before.
    expect(timers() - before).toBeLessThanOrEqual(25 + 3);
  });
});
