/**
 * The payment inbox (issue 16.6, app/modules/payments/inbox.server.ts), over real HTTP and the real
 * database: with a job queue connected and the process "busy" (PAYMENT_INBOX_INLINE=0), a verified
 * Stripe event is committed to the inbox and answered 200 `queued`; the worker's drain applies it
 * once — also after a crash that left it claimed by a dead worker — and a replay changes nothing.
 * A poison event is retried, then parked and reported to the dead-letter queue (/staff/jobs), from
 * where a staff retry puts it back in line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import { checkoutEvent, createCampaign, createPendingDonation, ensureLedgerSql, postWebhook, signPayload } from "../support/factories/funding";
import type { PrismaClient } from "~/generated/prisma/client";

const SECRET = "whsec_test_shanlian_inbox_secret";
const ENV = { PAYMENT_INBOX_INLINE: "0", PAYMENT_INBOX_ATTEMPTS: "2", PAYMENT_INBOX_RETRY_SECONDS: "60" };
let app: TestApp;
let prisma: PrismaClient;
let campaign: { id: string; orgId: string };
let staffId: string;

beforeAll(async () => {
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  Object.assign(process.env, ENV);
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  await ensureLedgerSql(prisma);
  // A job queue that only sends (no worker here): the web process queues, the test drains.
  const { startJobs } = await import("~/modules/jobs/boss.server");
  await startJobs({ workers: false });
  const owner = await createUser(prisma);
  staffId = (await createUser(prisma, { globalRole: "BUREAU_ADMIN" })).id;
  const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true });
  campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, goalFen: 100_000_000n });
}, 300_000);

afterAll(async () => {
  const { stopJobs } = await import("~/modules/jobs/boss.server");
  await stopJobs({ graceful: false });
  await app?.close();
  delete process.env.STRIPE_WEBHOOK_SECRET;
  for (const k of Object.keys(ENV)) delete process.env[k];
});

async function drain() {
  const { drainPaymentInbox } = await import("~/modules/payments/inbox.server");
  return drainPaymentInbox();
}

describe("accepted into the inbox, applied once", () => {
  it("commits the event before answering, applies it after a crash left it claimed, and takes replays harmlessly", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 8_800n });
    const event = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: d.amountFen, paymentIntent: `pi_inbox_${d.id}` });
    const eventId = (JSON.parse(event) as { id: string }).id;

    const first = await postWebhook(app.baseUrl, event, signPayload(event, SECRET));
    expect(first).toEqual({ status: 200, body: { received: true, result: "queued" } });
    // Answered before it was applied, and committed: the row is there, the donation still pending.
    expect(await prisma.paymentInbox.findMany({ select: { eventId: true, attempts: true, deadAt: true } })).toEqual([{ eventId, attempts: 0, deadAt: null }]);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PENDING");

    // The provider's retry while it waits: accepted again, no second row.
    expect((await postWebhook(app.baseUrl, event, signPayload(event, SECRET))).body.result).toBe("queued");
    expect(await prisma.paymentInbox.count()).toBe(1);

    // A worker claimed it and was killed (kill -9): while its claim lasts nobody else takes it ...
    await prisma.paymentInbox.updateMany({ data: { attempts: 1, lockedUntil: new Date(Date.now() + 60_000) } });
    expect(await drain()).toEqual({ applied: 0, duplicates: 0, failed: 0, parked: 0 });
    // ... and once the claim has run out, the restarted worker applies it, once.
    await prisma.paymentInbox.updateMany({ data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await drain()).toEqual({ applied: 1, duplicates: 0, failed: 0, parked: 0 });
    expect(await prisma.paymentInbox.count()).toBe(0);
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PAID");
    expect(await prisma.paymentEvent.findMany({ where: { eventId }, select: { result: true, donationId: true } })).toEqual([{ result: "recorded", donationId: d.id }]);

    // A late replay of the applied event: queued again, found duplicate, nothing moves twice.
    expect((await postWebhook(app.baseUrl, event, signPayload(event, SECRET))).body.result).toBe("queued");
    expect(await drain()).toEqual({ applied: 0, duplicates: 1, failed: 0, parked: 0 });
    expect(await prisma.ledgerTransaction.count({ where: { donationId: d.id, kind: "DONATION" } })).toBe(1);
    expect(await prisma.paymentEvent.count({ where: { eventId } })).toBe(1);
    expect(await prisma.paymentInbox.count()).toBe(0);
  });

  it("still refuses a bad signature with 400 and queues nothing", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 1_000n });
    const event = checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: d.amountFen });
    const res = await postWebhook(app.baseUrl, event, signPayload(event, "whsec_wrong"));
    expect(res.status).toBe(400);
    expect(await prisma.paymentInbox.count()).toBe(0);
  });
});

describe("applied in batches", () => {
  it("applies a claimed batch together — replays of applied events found duplicate — and, when one event of it fails, applies the others one by one and retries that one alone", async () => {
    const ds = await Promise.all([1, 2, 3].map((i) => createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: BigInt(1_000 * i) })));
    const events = ds.map((d) => checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: d.amountFen, paymentIntent: `pi_batch_${d.id}` }));
    for (const e of events) expect((await postWebhook(app.baseUrl, e, signPayload(e, SECRET))).body.result).toBe("queued");
    const { drainPaymentInbox } = await import("~/modules/payments/inbox.server");
    expect(await drainPaymentInbox({ batch: 10 })).toEqual({ applied: 3, duplicates: 0, failed: 0, parked: 0 });
    for (const d of ds) expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PAID");
    expect(await prisma.ledgerTransaction.count({ where: { donationId: { in: ds.map((d) => d.id) }, kind: "DONATION" } })).toBe(3);
    expect(await prisma.paymentInbox.count()).toBe(0);
    // One transaction: the three donations were last written by the same one (their xmin).
    const writers = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(DISTINCT xmin::text)::int AS n FROM "Donation" WHERE id = ANY($1::text[])`, ds.map((d) => d.id));
    expect(writers[0]!.n).toBe(1);
    // Replays of all three, queued together and drained as one batch: each found duplicate.
    for (const e of events) expect((await postWebhook(app.baseUrl, e, signPayload(e, SECRET))).body.result).toBe("queued");
    expect(await drainPaymentInbox({ batch: 10 })).toEqual({ applied: 0, duplicates: 3, failed: 0, parked: 0 });

    // A batch of two good events and a poison one between them.
    const [g1, g2, bad] = await Promise.all([1, 2, 3].map(() => createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 500n })));
    const good = [g1!, g2!].map((d) => checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: d.amountFen, paymentIntent: `pi_batch_${d.id}` }));
    expect((await postWebhook(app.baseUrl, good[0]!, signPayload(good[0]!, SECRET))).body.result).toBe("queued");
    const poison = await prisma.paymentInbox.create({
      data: { provider: "STRIPE", eventId: "evt_batch_poison", event: { provider: "STRIPE", eventId: "evt_batch_poison", type: "checkout.session.completed", kind: "payment_succeeded", occurredAt: "not a time", donationId: bad!.id, sessionId: bad!.providerSessionId!, paymentId: "pi_batch_poison", amountFen: "500n", currency: "CNY" } },
    });
    expect((await postWebhook(app.baseUrl, good[1]!, signPayload(good[1]!, SECRET))).body.result).toBe("queued");
    expect(await drainPaymentInbox({ batch: 10 })).toEqual({ applied: 2, duplicates: 0, failed: 1, parked: 0 });
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: g1!.id } })).status).toBe("PAID");
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: g2!.id } })).status).toBe("PAID");
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: bad!.id } })).status).toBe("PENDING");
    // One by one: each good one in its own transaction.
    const separately = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(DISTINCT xmin::text)::int AS n FROM "Donation" WHERE id = ANY($1::text[])`, [g1!.id, g2!.id]);
    expect(separately[0]!.n).toBe(2);
    expect(await prisma.paymentInbox.findMany({ select: { id: true, attempts: true } })).toEqual([{ id: poison.id, attempts: 1 }]);
    await prisma.paymentInbox.delete({ where: { id: poison.id } });
  });
});

describe("several worker loops in one process", () => {
  it("drain the inbox side by side: each event applied once, replays found duplicate, and stop waits for them", async () => {
    const ds = await Promise.all(Array.from({ length: 24 }, (_, i) => createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: BigInt(100 + i) })));
    const events = ds.map((d) => checkoutEvent({ sessionId: d.providerSessionId!, donationId: d.id, amountFen: d.amountFen, paymentIntent: `pi_loops_${d.id}` }));
    // Every event queued, a third of them twice (the provider's retries), before any loop runs.
    for (const e of [...events, ...events.slice(0, 8)]) expect((await postWebhook(app.baseUrl, e, signPayload(e, SECRET))).body.result).toBe("queued");
    expect(await prisma.paymentInbox.count()).toBe(24);
    const { startInboxWorker } = await import("~/modules/payments/inbox.server");
    process.env.PAYMENT_INBOX_BATCH = "4";
    const worker = startInboxWorker({ loops: 3, pollMs: 50 });
    try {
      for (let i = 0; i < 200 && (await prisma.paymentInbox.count()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await prisma.paymentInbox.count()).toBe(0);
      // Late replays of the first eight, once they are applied: found duplicate.
      for (const e of events.slice(0, 8)) expect((await postWebhook(app.baseUrl, e, signPayload(e, SECRET))).body.result).toBe("queued");
      for (let i = 0; i < 200 && (await prisma.paymentInbox.count()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.stop();
      delete process.env.PAYMENT_INBOX_BATCH;
    }
    expect(await prisma.paymentInbox.count()).toBe(0);
    const ids = ds.map((d) => d.id);
    expect(await prisma.donation.count({ where: { id: { in: ids }, status: "PAID" } })).toBe(24);
    expect(await prisma.ledgerTransaction.count({ where: { donationId: { in: ids }, kind: "DONATION" } })).toBe(24);
    const events24 = await prisma.paymentEvent.findMany({ where: { donationId: { in: ids } }, select: { result: true } });
    expect(events24).toHaveLength(24);
    expect(events24.every((e) => e.result === "recorded")).toBe(true);
    // Several transactions did the work (batches of four), not one loop taking everything.
    const writers = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(DISTINCT xmin::text)::int AS n FROM "Donation" WHERE id = ANY($1::text[])`, ids);
    expect(writers[0]!.n).toBeGreaterThanOrEqual(6);
  });
});

describe("a failing event", () => {
  it("is retried, then parked and dead-lettered where staff see it, and a staff retry puts it back in line", async () => {
    const d = await createPendingDonation(prisma, { campaignId: campaign.id, orgId: campaign.orgId, amountFen: 2_000n });
    // A poison event: verified once, but its stored time cannot be applied.
    const row = await prisma.paymentInbox.create({
      data: { provider: "STRIPE", eventId: "evt_inbox_poison", event: { provider: "STRIPE", eventId: "evt_inbox_poison", type: "checkout.session.completed", kind: "payment_succeeded", occurredAt: "not a time", donationId: d.id, sessionId: d.providerSessionId!, paymentId: "pi_poison", amountFen: "2000n", currency: "CNY" } },
    });

    expect(await drain()).toEqual({ applied: 0, duplicates: 0, failed: 1, parked: 0 });
    const retrying = await prisma.paymentInbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(retrying).toMatchObject({ attempts: 1, deadAt: null, lockedUntil: null });
    expect(retrying.lastError).toBeTruthy();
    // Backoff: not due again for a minute (the drain did not take it twice) ...
    expect(retrying.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    // ... then due.
    await prisma.paymentInbox.update({ where: { id: row.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });

    expect(await drain()).toEqual({ applied: 0, duplicates: 0, failed: 1, parked: 1 });
    expect((await prisma.paymentInbox.findUniqueOrThrow({ where: { id: row.id } })).deadAt).not.toBeNull();
    // Parked: the drain leaves it alone, nothing was recorded.
    expect(await drain()).toEqual({ applied: 0, duplicates: 0, failed: 0, parked: 0 });
    expect((await prisma.donation.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("PENDING");
    expect(await prisma.paymentEvent.count({ where: { eventId: "evt_inbox_poison" } })).toBe(0);

    // On /staff/jobs: a dead-letter job from the payment-inbox queue.
    const { jobsDashboard, retryJob } = await import("~/modules/jobs/dashboard.server");
    const failure = (await jobsDashboard()).failures.find((f) => f.deadLetter && f.origin === "payment-inbox");
    expect(failure).toBeDefined();

    // The staff retry sends it back to its queue with the inbox row's id; the job revives the row.
    await retryJob({ queue: failure!.queue, jobId: failure!.id, actorId: staffId });
    const sent = await prisma.$queryRawUnsafe<{ data: { queue: string; inboxId?: string } }[]>(`SELECT data FROM pgboss.job WHERE name = 'payment-inbox' AND data->>'inboxId' = $1`, row.id);
    expect(sent).toHaveLength(1);
    const { JOB_DEFINITIONS } = await import("~/modules/jobs/queues.server");
    await JOB_DEFINITIONS.find((j) => j.name === "payment-inbox")!.run(sent[0]!.data, {});
    // Back in line and tried again (still poison: failing, not parked, one attempt of two used).
    expect(await prisma.paymentInbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ attempts: 1, deadAt: null });
  });
});
