/**
 * Issue 17.4, page weight in bytes (never time): the gzipped JavaScript a first visit loads, summed
 * from the Remix build manifest (entry + root + route chunks + their imports), held to the limits —
 * home ≤ 90 KB, every list and detail page ≤ 120 KB — and no page's JavaScript carries the texts
 * (they travel as the root loader's data, one language, only the page's namespaces).
 * `npm test` builds first; alone: `npx remix build && npx vitest run test/perf/page-weight.test.ts`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chunksFor, kb, pageWeights, readManifest } from "../../scripts/lib/page-weight";

describe("page weight (gzipped JavaScript of a first visit)", () => {
  const weights = pageWeights();
  it.each(weights.map((w) => [w.name, w] as const))("%s stays within its limit", (_name, w) => {
    expect(kb(w.bytes), `${w.route}: ${kb(w.bytes)} KB (largest: ${w.largest.map((c) => `${c.url} ${kb(c.bytes)} KB`).join(", ")})`).toBeLessThanOrEqual(w.limitKb);
  });

  it("sends no locale texts in JavaScript", () => {
    const manifest = readManifest();
    // Values only (keys appear in code as t("…") arguments): the English and Chinese taglines.
    const markers = ["Mobilising society for people in difficulty", "\\u52A8\\u5458\\u793E\\u4F1A\\u529B\\u91CF", "动员社会力量"];
    const urls = new Set(Object.keys(manifest.routes).flatMap((id) => chunksFor(manifest, id)));
    for (const url of urls) {
      const js = readFileSync(path.resolve("public", url.replace(/^\//, "")), "utf8");
      for (const m of markers) expect(js.includes(m), `${url} contains ${m}`).toBe(false);
    }
  });
});
