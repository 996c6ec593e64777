/**
 * Crash benchmark (`npm run bench -- crash`): the app runs as a child process exactly as
 * `npm start` runs it (scripts/start.ts); BENCH_CRASH_DONATIONS (1,500) pending donations get
 * their provider's signed `checkout.session.completed` webhooks, 40 in flight, and the app is
 * killed with SIGKILL once 40% of them have been answered. It is restarted on the same port, and
 * the events that did not get a 2xx are delivered again, as Stripe retries them. Checked:
 *   - every event answered 2xx before the kill is in the database after the restart (durable);
 *   - nothing lost: every donation PAID; nothing doubled: one payment event and one ledger
 *     transaction per donation, the ledger total equal to the payments, every ledger invariant;
 *   - the search outbox drains after the restart (the index catches up; time reported): each
 *     campaign's goal is 60% of its donations, so crossing it marks it FUNDED and queues a re-index;
 *   - the statistics rollups equal the figures computed from the raw tables.
 * Figures as ratios against the same run: webhook rate after the restart vs before the kill,
 * restart-to-serving time vs the first start.
 *
 * Then the worker half, `workerCrash()`: `kill -9` of the pg-boss worker (`npm run worker`, the web
 * app with JOBS_WORKER=off) in the middle of a search-indexing batch, restart, nothing lost or doubled.
 * Exits 0 either way: the report says honestly whether each check held.
 */
import { performance } from "node:perf_hooks";
import { fmt, log, pool, ratio, scratchDatabase, startApp, startNodeScript, step, verdict, WEBHOOK_SECRET, type AppProcess, type NodeScriptProcess } from "./support/harness";

const DONATIONS = Number(process.env.BENCH_CRASH_DONATIONS ?? 1500);
const KILL_AT = 0.4;
const IN_FLIGHT = 40;

async function main() {
  const scratch = await scratchDatabase("bench_crash");
  let app: AppProcess | undefined;
  try {
    const t0 = Date.now();
    const { prisma } = await import("~/utils/db.server");
    const { createUser } = await import("../support/factories/accounts");
    const { createOrganization } = await import("../support/factories/organizations");
    const { createCampaign, createPendingDonation, checkoutEvent, signPayload, ensureLedgerSql } = await import("../support/factories/funding");
    await ensureLedgerSql(prisma);
    const owner = await createUser(prisma);
    const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
    const campaigns: { id: string }[] = [];
    for (let i = 0; i < 5; i++) campaigns.push(await createCampaign(prisma, { orgId: org.id, createdById: owner.id, goalFen: 100_000_000_000n, title: `地质灾害避险安置救助 第${i + 1}批` }));
    const donations: { id: string; amountFen: bigint; providerSessionId: string | null }[] = new Array(DONATIONS);
    await pool(DONATIONS, 10, async (i) => {
      donations[i] = await createPendingDonation(prisma, { campaignId: campaigns[i % 5]!.id, orgId: org.id, amountFen: BigInt(100 + ((i * 7919) % 200_000)) });
    });
    // Each campaign's goal is 60% of what its donations bring: crossing it (after the kill, mostly)
    // marks the campaign FUNDED and queues it for the search index, which must catch up.
    for (const c of campaigns) {
      const total = donations.filter((_, i) => campaigns[i % 5]!.id === c.id).reduce((s, d) => s + d.amountFen, 0n);
      await prisma.campaign.update({ where: { id: c.id }, data: { goalFen: (total * 6n) / 10n } });
    }
    const events = donations.map((d) => checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: d.amountFen, paymentIntent: `pi_crash_${d.id}` }));
    step(t0, `${fmt(DONATIONS)} pending donations on 5 campaigns`);

    app = await startApp();
    const port = app.port;
    const firstStartMs = app.startMs;
    step(t0, `app started (pid ${app.pid}, ready in ${(firstStartMs / 1000).toFixed(1)} s)`);

    // ── the burst, and kill -9 in its middle ──
    const status: (number | "error" | "not sent")[] = events.map(() => "not sent");
    let answered = 0;
    let killed: Promise<void> | undefined;
    let killedAt = 0;
    const deliver = async (i: number, url: string) => {
      try {
        const payload = events[i]!;
        const res = await fetch(`${url}/api/webhooks/stripe`, { method: "POST", body: payload, headers: { "Content-Type": "application/json", "Stripe-Signature": signPayload(payload, WEBHOOK_SECRET) } });
        await res.arrayBuffer();
        return res.status;
      } catch {
        return "error" as const;
      }
    };
    const burstStart = performance.now();
    const victim = app;
    await pool(DONATIONS, IN_FLIGHT, async (i) => {
      if (killed) return; // the provider's deliveries now fail to connect: they stay "not sent" (retried later)
      status[i] = await deliver(i, victim.url);
      if (status[i] !== "error" && ++answered >= DONATIONS * KILL_AT && !killed) {
        killedAt = performance.now();
        killed = victim.kill9();
      }
    });
    await killed;
    const beforeRate = answered / ((killedAt - burstStart) / 1000);
    const ok2xx = status.map((s, i) => (typeof s === "number" && s >= 200 && s < 300 ? i : -1)).filter((i) => i >= 0);
    const cut = status.filter((s) => s === "error").length;
    step(t0, `killed (SIGKILL) after ${fmt(answered)} answers: ${fmt(ok2xx.length)} got 2xx, ${fmt(cut)} cut off in flight, ${fmt(status.filter((s) => s === "not sent").length)} not yet sent`);

    // ── restart and the provider's retries ──
    app = await startApp({ port });
    const restartMs = app.startMs;
    step(t0, `restarted on the same port (pid ${app.pid}, ready in ${(restartMs / 1000).toFixed(1)} s)`);
    // Durable: each event answered 2xx is, right after the restart, applied (its donation PAID) or
    // committed to the payment inbox (answered `queued` by the busy process, applied by the worker loop).
    const acknowledged = new Set(ok2xx.map((i) => donations[i]!.id));
    const paidNow = await prisma.donation.findMany({ where: { id: { in: [...acknowledged] } }, select: { id: true, status: true } });
    const inboxNow = new Set((await prisma.paymentInbox.findMany({ select: { eventId: true } })).map((r) => r.eventId));
    const eventIdOf = (i: number) => (JSON.parse(events[i]!) as { id: string }).id;
    const paidIds = new Set(paidNow.filter((d) => d.status === "PAID").map((d) => d.id));
    const inInboxOnly = ok2xx.filter((i) => !paidIds.has(donations[i]!.id) && inboxNow.has(eventIdOf(i))).length;
    const durable = ok2xx.every((i) => paidIds.has(donations[i]!.id) || inboxNow.has(eventIdOf(i)));
    const retry = status.map((s, i) => (typeof s === "number" && s >= 200 && s < 300 ? -1 : i)).filter((i) => i >= 0);
    const retryStatus = new Map<string, number>();
    const restarted = app;
    const retryMs = await pool(retry.length, IN_FLIGHT, async (k) => {
      const s = String(await deliver(retry[k]!, restarted.url));
      retryStatus.set(s, (retryStatus.get(s) ?? 0) + 1);
    });
    const afterRate = retry.length / (retryMs / 1000);
    step(t0, `re-delivered ${fmt(retry.length)} events: ${[...retryStatus].map(([s, n]) => `${s}×${n}`).join(", ")}`);

    // ── catch-up: the payment inbox (events queued before the kill, some claimed by the dead process for a minute) ──
    const inboxStart = performance.now();
    let inboxLeft = -1;
    let unpaid = -1;
    while (performance.now() - inboxStart < 180_000) {
      inboxLeft = await prisma.paymentInbox.count();
      unpaid = await prisma.donation.count({ where: { status: { not: "PAID" } } });
      if (inboxLeft === 0 && unpaid === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const inboxMs = performance.now() - inboxStart;
    step(t0, `payment inbox: ${inboxLeft === 0 && unpaid === 0 ? "drained" : `${fmt(inboxLeft)} rows and ${fmt(unpaid)} unpaid donations left`} after ${(inboxMs / 1000).toFixed(1)} s`);

    // ── catch-up: search outbox and statistics ──
    const outboxStart = performance.now();
    let backlog = -1;
    while (performance.now() - outboxStart < 120_000) {
      const rows = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*)::bigint AS n FROM "SearchOutbox" WHERE "processedAt" IS NULL`);
      backlog = Number(rows[0]!.n);
      if (backlog === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const drainMs = performance.now() - outboxStart;
    const outboxRows = await prisma.searchOutbox.count();
    const { dashboardFromRaw, dashboardFromRollup } = await import("~/modules/statistics/queries.server");
    const year = new Date().getUTCFullYear();
    const filter = { from: `${year - 1}-01-01`, to: `${year + 1}-12-31` };
    const [rollup, raw] = await Promise.all([dashboardFromRollup(filter), dashboardFromRaw(filter)]);
    const canon = (d: typeof raw) => JSON.stringify([Object.entries(d.totals).sort(), d.trend.map((b) => [b.bucket, Object.entries(b.values).sort()]), d.uniquePersons]);

    const rows = await prisma.donation.findMany({ select: { id: true, status: true, amountFen: true } });
    const txs = await prisma.ledgerTransaction.findMany({ where: { kind: "DONATION" }, select: { donationId: true, amountFen: true } });
    const paymentEvents = await prisma.paymentEvent.count();
    const expected = rows.reduce((s, d) => s + d.amountFen, 0n);
    const { runLedgerChecks } = await import("~/modules/ledger/checks.server");
    const failedChecks = (await runLedgerChecks(prisma)).filter((r) => !r.ok).map((r) => r.name);
    const checks = {
      "every 2xx before the kill survived it (applied, or committed to the payment inbox)": durable,
      "payment inbox drained after the restart": inboxLeft === 0,
      "every re-delivery answered 200": [...retryStatus.keys()].every((s) => s === "200"),
      "nothing lost: every donation PAID": rows.length === DONATIONS && rows.every((r) => r.status === "PAID"),
      "nothing doubled: one payment event per event": paymentEvents === DONATIONS,
      "nothing doubled: one ledger transaction per donation": txs.length === DONATIONS && new Set(txs.map((t) => t.donationId)).size === DONATIONS,
      "ledger total = sum of payments": txs.reduce((s, t) => s + t.amountFen, 0n) === expected,
      "ledger invariants hold": failedChecks.length === 0,
      "search outbox drained (campaigns funded during the run re-indexed)": backlog === 0 && outboxRows >= 5,
      "statistics rollups = raw figures": canon(rollup) === canon(raw) && rollup.totals.money_raised_fen === Number(expected),
    };
    // The worker half runs on its own processes: this app (workers inside) is stopped first.
    await app.stop();
    app = undefined;
    const worker = await workerCrash(t0);

    log("");
    log(`${"figure".padEnd(44)} ${"value".padStart(14)} ${"vs baseline".padStart(12)}`);
    log(`${"webhooks before the kill (baseline)".padEnd(44)} ${`${fmt(beforeRate)} events/s`.padStart(14)} ${"".padStart(12)}`);
    log(`${"re-deliveries after the restart".padEnd(44)} ${`${fmt(afterRate)} events/s`.padStart(14)} ${ratio(afterRate, beforeRate).padStart(12)}`);
    log(`${"first start to serving (baseline)".padEnd(44)} ${`${(firstStartMs / 1000).toFixed(1)} s`.padStart(14)} ${"".padStart(12)}`);
    log(`${"restart after kill -9 to serving".padEnd(44)} ${`${(restartMs / 1000).toFixed(1)} s`.padStart(14)} ${ratio(restartMs, firstStartMs).padStart(12)}`);
    log(`${"payment inbox drained after the retries".padEnd(44)} ${`${(inboxMs / 1000).toFixed(1)} s`.padStart(14)} ${`${fmt(inInboxOnly)} queued`.padStart(12)}`);
    log(`${"search outbox drained after the retries".padEnd(44)} ${`${(drainMs / 1000).toFixed(1)} s`.padStart(14)} ${`${fmt(outboxRows)} rows`.padStart(12)}`);
    log("");
    log(`Donations: ${fmt(rows.filter((r) => r.status === "PAID").length)}/${fmt(DONATIONS)} paid, ${fmt(paymentEvents)} payment events, ${fmt(txs.length)} ledger transactions${failedChecks.length ? `; failed ledger checks: ${failedChecks.join(", ")}` : ""}`);
    for (const [name, ok] of Object.entries(checks)) log(`  ${ok ? "ok  " : "FAIL"} ${name}`);
    log(`  ${worker}`);
    log("");
    log(`Target: after kill -9 and the provider's retries nothing lost, nothing doubled, search and statistics caught up — ${verdict(Object.values(checks).every(Boolean))}`);
  } finally {
    await app?.stop();
    await scratch.close();
  }
}

/**
 * kill -9 of a pg-boss worker in the middle of a job batch (#16.1). The web app runs with
 * JOBS_WORKER=off (it only sends jobs) and `node --import tsx scripts/worker.ts` runs them, on the
 * same database. BENCH_WORKER_DOCS (3,000) approved organizations are queued for the search index
 * through the domain's `enqueueSearch` and the `search-index` job is kicked (as a commit does); the
 * worker is SIGKILLed once 40% of the outbox is processed, and restarted. Checked: the outbox
 * drains, every organization has exactly one search document, no outbox row is left unprocessed.
 * Figures: the rate before the kill (baseline), the time from the restart until indexing resumes
 * and until the outbox is drained, and the rate once it resumed. Reported, not checked: the rows
 * the dead worker had claimed (taken again when their 60-s lease ends) and the search-index jobs
 * still `active` at the end (the killed job stays so until pg-boss expires it, 5 min).
 */
async function workerCrash(t0: number): Promise<string> {
  const DOCS = Number(process.env.BENCH_WORKER_DOCS ?? 3000);
  const { prisma } = await import("~/utils/db.server");
  const { createUser } = await import("../support/factories/accounts");
  const { createOrganization } = await import("../support/factories/organizations");
  const { enqueueSearch } = await import("~/modules/search-outbox/outbox.server");
  const { makeCreditCode } = await import("~/modules/organizations/credit-code");
  const { startJobs, stopJobs } = await import("~/modules/jobs/boss.server");
  const { kickQueue } = await import("~/modules/jobs/runtime.server");
  let web: AppProcess | undefined;
  let worker: WorkerProcess | undefined;
  try {
    const owner = await createUser(prisma);
    const ids: string[] = new Array(DOCS);
    await pool(DOCS, 10, async (i) => {
      ids[i] = (await createOrganization(prisma, { createdById: owner.id, name: `渝北区社区志愿服务中心第${i + 1}站`, creditCode: makeCreditCode("SOCIAL_SERVICE_AGENCY", "500112", `WK${String(i).padStart(7, "0")}`) })).id;
    });
    await prisma.searchOutbox.updateMany({ where: { processedAt: null }, data: { processedAt: new Date() } }); // earlier parts' leftovers: not this batch
    web = await startApp({ env: { ...process.env, JOBS_WORKER: "off" } });
    step(t0, `worker crash: ${fmt(DOCS)} organizations; web app with JOBS_WORKER=off (pid ${web.pid})`);
    worker = await startWorker();
    step(t0, `worker started (pid ${worker.pid}, ready in ${(worker.startMs / 1000).toFixed(1)} s)`);

    const batchFrom = (await prisma.$queryRawUnsafe<{ m: bigint | null }[]>(`SELECT max(id) AS m FROM "SearchOutbox"`))[0]!.m ?? 0n;
    await pool(DOCS, 10, async (i) => enqueueSearch(prisma, "organization", ids[i]!));
    const pending = async () =>
      Number((await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*)::bigint AS n FROM "SearchOutbox" WHERE id > $1 AND "processedAt" IS NULL`, batchFrom))[0]!.n);
    // A send-only queue here, as in the web process: the kick after the commit.
    await startJobs({ workers: false });
    kickQueue("search-index", { afterSeconds: 0 });
    const kicked = performance.now();
    let firstAt = 0;
    let left = DOCS;
    while (performance.now() - kicked < 300_000) {
      left = await pending();
      if (!firstAt && left < DOCS) firstAt = performance.now();
      if (left <= DOCS * (1 - KILL_AT)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const killAt = performance.now();
    await worker.kill9();
    const doneBefore = DOCS - (await pending());
    const beforeRate = doneBefore / ((killAt - (firstAt || kicked)) / 1000);
    const active = async () =>
      Number((await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'search-index' AND state = 'active'`))[0]!.n);
    const activeAtKill = await active();
    step(t0, `worker killed (SIGKILL) with ${fmt(doneBefore)}/${fmt(DOCS)} indexed, ${activeAtKill} search-index job(s) left active`);

    worker = await startWorker();
    const restarted = performance.now();
    step(t0, `worker restarted (pid ${worker.pid}, ready in ${(worker.startMs / 1000).toFixed(1)} s)`);
    const leftAtRestart = await pending();
    // The queue resumed after the last poll that still saw every row left (the dead worker's claimed
    // rows come free after their claim timeout, then go in one batch — often within one poll, so
    // timing from the first poll that saw progress would divide by almost nothing).
    let resumedAt = 0;
    let lastIdle = restarted;
    while (performance.now() - restarted < 900_000) {
      left = await pending();
      if (left === leftAtRestart) lastIdle = performance.now();
      else if (!resumedAt) resumedAt = lastIdle;
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const drainedAt = performance.now();
    const afterRate = resumedAt ? leftAtRestart / (Math.max(1, drainedAt - resumedAt) / 1000) : NaN;
    await stopJobs({ graceful: false });

    const docs = await prisma.$queryRawUnsafe<{ n: bigint; distinct: bigint }[]>(
      `SELECT count(*)::bigint AS n, count(DISTINCT "entityId")::bigint AS distinct FROM "SearchDocument" WHERE kind = 'organization' AND "entityId" = ANY($1::text[])`,
      ids,
    );
    const rows = await prisma.$queryRawUnsafe<{ gaveUp: bigint; again: bigint }[]>(
      `SELECT count(*) FILTER (WHERE "processedAt" IS NULL)::bigint AS "gaveUp", count(*) FILTER (WHERE attempts > 1)::bigint AS again FROM "SearchOutbox" WHERE id > $1`,
      batchFrom,
    );
    const stillActive = await active();
    const ok = left === 0 && Number(docs[0]!.n) === DOCS && Number(docs[0]!.distinct) === DOCS && Number(rows[0]!.gaveUp) === 0;
    log("");
    log(`${"worker figure".padEnd(44)} ${"value".padStart(14)} ${"vs baseline".padStart(12)}`);
    log(`${"indexing before the kill (baseline)".padEnd(44)} ${`${fmt(beforeRate)} docs/s`.padStart(14)} ${"".padStart(12)}`);
    log(`${"indexing once the queue ran again".padEnd(44)} ${`${fmt(afterRate)} docs/s`.padStart(14)} ${ratio(afterRate, beforeRate).padStart(12)}`);
    log(`${"restart to the queue running again".padEnd(44)} ${`${((resumedAt - restarted) / 1000).toFixed(1)} s`.padStart(14)} ${"".padStart(12)}`);
    log(`${"restart to the outbox drained".padEnd(44)} ${`${((drainedAt - restarted) / 1000).toFixed(1)} s`.padStart(14)} ${`${fmt(leftAtRestart)} left`.padStart(12)}`);
    log(`Worker batch: ${fmt(Number(docs[0]!.n))} documents for ${fmt(DOCS)} organizations (${fmt(Number(docs[0]!.distinct))} distinct), ${fmt(Number(rows[0]!.again))} outbox rows claimed again after the crash, ${fmt(Number(rows[0]!.gaveUp))} left unprocessed, ${stillActive} search-index job(s) still active`);
    return `${ok ? "ok  " : "FAIL"} worker kill -9 mid-batch: outbox drained after the restart, every document indexed exactly once (${fmt(DOCS)})`;
  } catch (e) {
    return `FAIL worker kill -9 mid-batch: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    await worker?.stop();
    await web?.stop();
  }
}

type WorkerProcess = NodeScriptProcess;

/** `npm run worker` as a child on the scratch database (same env as the app), ready when it says so. */
function startWorker(): Promise<WorkerProcess> {
  return startNodeScript("scripts/worker.ts", "Worker running", "worker", "running", { DEMO_MODE: "1", STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
}

await main();
