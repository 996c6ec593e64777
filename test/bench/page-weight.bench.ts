/**
 * `npm run bench -- page-weight`: issue 17.4's page weight, in bytes (not time). Starts the built app
 * on a throwaway database with one record of each kind, and for the home page and each public list or
 * detail page prints the gzipped JavaScript its HTML names (scripts and module preloads, each gzipped
 * at level 9 and summed) against its target — home ≤ 90 KB, list or detail ≤ 120 KB — with the ratio
 * and MET / NOT MET; beside it, the texts the page carries in its HTML for hydration (gzipped).
 * Exits 0 either way: the report says honestly whether the targets were met.
 */
import { log, scratchDatabase, startApp, verdict } from "./support/harness";
import { kb, measurePage } from "../support/page-weight";
import { seedWeighedPages } from "../support/page-weight-pages";

const scratch = await scratchDatabase("bench_pageweight");
const { prisma } = await import("~/utils/db.server");
const pages = await seedWeighedPages(prisma);
const app = await startApp();
try {
  log("Page weight (#17.4): gzipped JavaScript per page, against its target");
  log(`  ${"page".padEnd(14)} ${"path".padEnd(40)} ${"JS KB".padStart(7)} ${"target".padStart(7)} ${"ratio".padStart(6)}  verdict   texts in HTML KB`);
  let met = 0;
  for (const page of pages) {
    const w = await measurePage((p) => fetch(app.url + p, { redirect: "manual" }), page.path);
    const ok = w.js <= page.target;
    if (ok) met++;
    const path = page.path.length > 40 ? `${page.path.slice(0, 37)}...` : page.path;
    log(`  ${page.name.padEnd(14)} ${path.padEnd(40)} ${kb(w.js).padStart(7)} ${kb(page.target).padStart(7)} ${(w.js / page.target).toFixed(2).padStart(5)}×  ${verdict(ok).padEnd(8)}  ${kb(w.texts)}`);
  }
  log(`  target 17.4  home ≤ 90 KB, list/detail ≤ 120 KB gzipped JS: ${met}/${pages.length} pages  ${verdict(met === pages.length)}`);
} finally {
  await app.stop();
  await scratch.close();
}
