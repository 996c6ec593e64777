/**
 * `npx tsx scripts/page-weight.ts` (after `npx remix build`): the gzipped JavaScript each public page
 * loads on a first visit, against its limit (issue 17.4). `--verbose` names the three largest chunks.
 */
import { kb, pageWeights } from "./lib/page-weight";

const verbose = process.argv.includes("--verbose");
let over = 0;
for (const p of pageWeights()) {
  const ok = kb(p.bytes) <= p.limitKb;
  if (!ok) over++;
  console.log(`${ok ? "ok  " : "OVER"} ${p.name.padEnd(20)} ${String(kb(p.bytes)).padStart(6)} KB / ${p.limitKb} KB  (${p.chunks} chunks)`);
  if (verbose) for (const c of p.largest) console.log(`       ${String(kb(c.bytes)).padStart(6)} KB  ${c.url}`);
}
process.exit(over ? 1 : 0);
