/**
 * `npm run search:reindex [-- --kind need]`: rebuilds the search index from the database, kind by
 * kind, through the same adapters as the outbox worker (public records only, no personal data).
 * Documents of records that are no longer public are removed; pending outbox rows are marked
 * processed, since the rebuild covered them. A progress bar goes to stderr.
 */
import { parseArgs } from "node:util";
import { runScript } from "./lib/bootstrap";

const { values } = parseArgs({ options: { kind: { type: "string", multiple: true }, batch: { type: "string", default: "500" } } });

function bar(label: string, done: number, total: number, started: number) {
  const width = 30;
  const ratio = total ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
  const line = `${label.padEnd(13)} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(done).padStart(7)}/${total} ${Math.round(rate)}/s`;
  process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
}

runScript("search:reindex", async () => {
  const { prisma } = await import("~/utils/db.server");
  const { searchAdapters } = await import("~/modules/search-outbox/worker.server");
  const ADAPTERS = searchAdapters();
  const { getSearchEngine } = await import("../search/engine.server");
  const engine = getSearchEngine();
  const batch = Math.max(50, Math.min(5000, Number(values.batch) || 500));
  const adapters = values.kind?.length ? ADAPTERS.filter((a) => values.kind!.includes(a.kind)) : ADAPTERS;
  if (values.kind?.length && adapters.length !== values.kind.length) {
    process.stderr.write(`Unknown kind. Known kinds: ${ADAPTERS.map((a) => a.kind).join(", ")}\n`);
    return 2;
  }

  await engine.setup();
  const startedAll = Date.now();
  const cutoff = new Date();
  let grand = 0;
  for (const adapter of adapters) {
    const started = Date.now();
    // Count first for the bar (public ids in pages, cheap).
    let total = 0;
    for (let after: string | null = null; ; ) {
      const ids: string[] = await adapter.publicIds(prisma, after, 5000);
      if (!ids.length) break;
      total += ids.length;
      after = ids.at(-1)!;
    }
    await engine.clear(adapter.kind);
    let done = 0;
    bar(adapter.kind, 0, total, started);
    for (let after: string | null = null; ; ) {
      const ids: string[] = await adapter.publicIds(prisma, after, batch);
      if (!ids.length) break;
      const docs = await adapter.load(prisma, ids);
      await engine.upsert([...docs.values()]);
      done += ids.length;
      after = ids.at(-1)!;
      bar(adapter.kind, done, total, started);
    }
    if (process.stderr.isTTY) process.stderr.write("\n");
    grand += done;
  }
  // Changes queued before the rebuild started are covered by it; later ones stay for the worker.
  const marked = await prisma.searchOutbox.updateMany({ where: { processedAt: null, createdAt: { lt: cutoff }, ...(values.kind?.length ? { kind: { in: values.kind } } : {}) }, data: { processedAt: new Date(), lastError: null } });
  process.stdout.write(`Reindexed ${grand} listings (${adapters.map((a) => a.kind).join(", ")}) with the ${engine.name} engine in ${((Date.now() - startedAll) / 1000).toFixed(1)} s; ${marked.count} pending outbox rows covered.\n`);
});
