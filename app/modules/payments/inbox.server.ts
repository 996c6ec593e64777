/**
 * The payment inbox (issue 16.6: donation rush). A provider event whose signature has been verified
 * is applied at once (applyProviderEvent, one transaction) while the process has room; when it is
 * already applying PAYMENT_INBOX_INLINE events (default 4) and a job queue is connected, the event
 * is instead committed to the inbox — one INSERT, unique per provider event id — and the webhook
 * answers 200 `queued` at once. The `payment-inbox` job (app/modules/jobs) then applies the inbox in
 * worker loop (startInboxWorker, beside the job workers of `npm start` / `npm run worker`) applies
 * the inbox in order of arrival, a batch at a time, claimed with SKIP LOCKED so several workers
 * never take the same row; it looks every second, and at once when its own process queued an event.
 *
 * Guarantees:
 * - an event answered 2xx is committed (applied, or in the inbox) before the answer: kill -9 loses
 *   nothing, the restarted worker applies the rest;
 * - applying stays exactly-once through PaymentEvent's unique (provider, eventId) claim inside the
 *   settle transaction: a redelivery, a row applied twice after a crash between commit and delete,
 *   or an event applied inline while its copy waits in the inbox, all end as `duplicate`;
 * - a claimed batch is applied in one transaction (one commit for all of it); if any of its events
 *   fails, nothing of it is kept and its events are applied one per transaction, so only the
 *   failing one is retried;
 * - an event applied inline whose transaction PostgreSQL aborts as a deadlock victim or a
 *   serialization failure is run again (twice at most, applyProviderEvent), then committed to the
 *   inbox instead of answering 500;
 * - an event whose application fails is retried with exponential backoff; after
 *   PAYMENT_INBOX_ATTEMPTS (default 5) attempts it is parked (`deadAt`) and reported to the
 *   dead-letter queue, where staff see it on /staff/jobs and can retry it.
 * Processes without a job queue (tests, scripts) always apply inline, exactly as before.
 */
import { randomUUID } from "node:crypto";
import { isTransientConflict, pgPool } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { applyProviderEvent, applyProviderEvents, type EventResult } from "~/modules/donations/events.server";
import { jobsRuntime } from "~/modules/jobs/runtime.server";
import { DEAD_LETTER_QUEUE, type JobData } from "~/modules/jobs/names";
import type { ProviderEvent, ProviderName } from "./provider";

export const INBOX_QUEUE = "payment-inbox";

const NOW = `(now() AT TIME ZONE 'UTC')`;

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === "" ? fallback : Number(raw);
  return Number.isInteger(n) && n >= min ? n : fallback;
}

/** How many events one process applies inline at once before it queues the next ones. */
export const inlineLimit = () => intEnv("PAYMENT_INBOX_INLINE", 4, 0);
/** Attempts before an event is parked and dead-lettered. */
export const maxAttempts = () => intEnv("PAYMENT_INBOX_ATTEMPTS", 5, 1);
/** How many inbox events one worker applies at once when it applies them one per transaction. */
const concurrency = () => intEnv("PAYMENT_INBOX_CONCURRENCY", 4, 1);
/** How many inbox events one worker claims and applies in one transaction. */
const batchSize = () => intEnv("PAYMENT_INBOX_BATCH", 50, 1);
/** Worker loops per process, each claiming and applying its own batches side by side. */
export const inboxLoops = () => intEnv("PAYMENT_INBOX_LOOPS", 2, 1);
/** Seconds before the first retry of a failed event; doubled at each further attempt. */
const retryDelaySeconds = () => intEnv("PAYMENT_INBOX_RETRY_SECONDS", 15, 0);

// ───── the stored form of an event: ids and amounts only (bigint as text, dates as ISO) ─────

type StoredEvent = Record<string, string | { kind: string; id: string } | undefined>;

export function storeEvent(e: ProviderEvent): StoredEvent {
  const out: StoredEvent = {};
  for (const [k, v] of Object.entries(e)) {
    if (v === undefined) continue;
    out[k] = typeof v === "bigint" ? `${v}n` : v instanceof Date ? v.toISOString() : (v as string | { kind: string; id: string });
  }
  return out;
}

const BIGINT_FIELDS = ["amountFen", "feeFen"] as const;

export function loadEvent(s: StoredEvent): ProviderEvent {
  const e = { ...s } as Record<string, unknown>;
  for (const k of BIGINT_FIELDS) if (typeof e[k] === "string") e[k] = BigInt((e[k] as string).replace(/n$/, ""));
  e.occurredAt = new Date(e.occurredAt as string);
  return e as unknown as ProviderEvent;
}

// ───── acceptance ─────

let applyingInline = 0;

declare global {
  // eslint-disable-next-line no-var
  var __shanlianInboxNudge: (() => void) | undefined;
}

type Accepting = { event: ProviderEvent; resolve: (r: "queued" | "already_queued") => void; reject: (e: unknown) => void };

/** Events waiting for the next inbox INSERT, and whether one is under way. */
let accepting: Accepting[] = [];
let flushing = false;
/** At most this many events in one INSERT. */
const ACCEPT_BATCH = 200;

/**
 * Commits the event to the inbox (a redelivery of a waiting event adds nothing) and resolves once
 * it is committed. Events that arrive while an INSERT is under way wait for the next one, which
 * commits them all together — one statement, one commit — as a rush delivers them: at most one
 * INSERT of this process is in flight, so a burst of webhooks takes one pooled connection instead
 * of one each, while every answer still waits for its own row's commit.
 */
export function acceptEvent(event: ProviderEvent): Promise<"queued" | "already_queued"> {
  return new Promise((resolve, reject) => {
    accepting.push({ event, resolve, reject });
    if (!flushing) void flushAccepting();
  });
}

async function flushAccepting() {
  flushing = true;
  try {
    while (accepting.length) {
      const batch = accepting.slice(0, ACCEPT_BATCH);
      accepting = accepting.slice(batch.length);
      try {
        const outcomes = await insertInbox(batch.map((a) => a.event));
        batch.forEach((a, i) => a.resolve(outcomes[i]!));
      } catch (e) {
        for (const a of batch) a.reject(e);
      }
      // The worker loop of this process (if it runs one) starts at once; others find it within a second.
      globalThis.__shanlianInboxNudge?.();
    }
  } finally {
    flushing = false;
  }
}

/** One INSERT of several events; per event `queued`, or `already_queued` for one the inbox (or this batch) holds already. */
async function insertInbox(events: ProviderEvent[]): Promise<("queued" | "already_queued")[]> {
  const key = (e: { provider: string; eventId: string }) => `${e.provider}\u0000${e.eventId}`;
  const first = new Map<string, number>();
  events.forEach((e, i) => first.has(key(e)) || first.set(key(e), i));
  const rows = [...first.values()].map((i) => events[i]!);
  const res = await pgPool().query<{ provider: string; eventId: string }>(
    `INSERT INTO "PaymentInbox" (id, provider, "eventId", event, "receivedAt", "nextAttemptAt")
     SELECT u.id, u.provider, u."eventId", u.event, ${NOW}, ${NOW}
     FROM unnest($1::text[], $2::"PaymentProviderName"[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS u(id, provider, "eventId", event, n)
     ORDER BY u.n
     ON CONFLICT (provider, "eventId") DO NOTHING
     RETURNING provider::text AS provider, "eventId"`,
    [rows.map(() => randomUUID()), rows.map((e) => e.provider), rows.map((e) => e.eventId), rows.map((e) => JSON.stringify(storeEvent(e)))],
  );
  const inserted = new Set(res.rows.map(key));
  return events.map((e, i) => (first.get(key(e)) === i && inserted.has(key(e)) ? "queued" : "already_queued"));
}

/**
 * Applies the event now, or (a job queue connected, this process already applying its share, and
 * `inline` not required) commits it to the inbox and returns `queued`.
 */
export async function applyOrQueue(event: ProviderEvent, opts: { inline?: boolean } = {}): Promise<EventResult | "queued"> {
  if (!opts.inline && jobsRuntime() && applyingInline >= inlineLimit()) {
    await acceptEvent(event);
    return "queued";
  }
  applyingInline++;
  try {
    return await applyProviderEvent(event);
  } catch (e) {
    // Lost a race three times (deadlock victim, serialization failure): the inbox applies it a
    // moment later rather than the provider being answered 500 and delivering it again.
    if (!opts.inline && jobsRuntime() && isTransientConflict(e)) {
      await acceptEvent(event);
      return "queued";
    }
    throw e;
  } finally {
    applyingInline--;
  }
}

// ───── the worker ─────

type InboxRow = { id: string; provider: ProviderName; eventId: string; event: StoredEvent; attempts: number };

/** Claims up to `n` due events, oldest first, for a minute (a worker that dies lets them go then). */
async function claim(n: number): Promise<InboxRow[]> {
  const { rows } = await pgPool().query<InboxRow>(
    `UPDATE "PaymentInbox" SET "lockedUntil" = ${NOW} + interval '1 minute', attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM "PaymentInbox"
       WHERE "deadAt" IS NULL AND "nextAttemptAt" <= ${NOW} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${NOW})
       ORDER BY "receivedAt", id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, provider::text AS provider, "eventId", event, attempts`,
    [n],
  );
  return rows;
}

/** A failed attempt: retried later with backoff, or parked and reported once out of attempts. */
async function failed(row: InboxRow, e: unknown) {
  const err = e instanceof Error ? e : new Error(String(e));
  // Names and codes only: a database error may quote a value.
  const code = (err as { code?: unknown }).code;
  const what = `${err.name}${typeof code === "string" ? ` ${code}` : ""}`.slice(0, 200);
  const dead = row.attempts >= maxAttempts();
  const delay = retryDelaySeconds() * 2 ** Math.max(0, row.attempts - 1);
  await pgPool().query(
    `UPDATE "PaymentInbox" SET "lockedUntil" = NULL, "lastError" = $2, "nextAttemptAt" = ${NOW} + make_interval(secs => $3), "deadAt" = CASE WHEN $4::boolean THEN ${NOW} ELSE NULL END WHERE id = $1`,
    [row.id, what, delay, dead],
  );
  logger().warn({ provider: row.provider, eventId: row.eventId, attempts: row.attempts, err: { name: err.name, code } }, dead ? "payment inbox: event parked (dead letter)" : "payment inbox: event failed, will retry");
  if (dead) {
    const data: JobData = { queue: INBOX_QUEUE, inboxId: row.id, provider: row.provider, eventId: row.eventId };
    await jobsRuntime()?.boss.send(DEAD_LETTER_QUEUE, data).catch(() => {});
  }
}

/**
 * Applies every due inbox event (the `payment-inbox` job; also usable from a script or test):
 * claims a batch and applies it in one transaction (applyProviderEvents: one commit for the batch,
 * where the day's statistics rows would otherwise be held through one commit per event); if that
 * fails — one bad event, a deadlock with another settlement — nothing of it was kept and the batch
 * is applied again one event per transaction, `concurrency` at a time, so a failing event is
 * retried or parked alone. Deletes the applied rows and goes on until none is due.
 */
export async function drainPaymentInbox(opts: { batch?: number; stopWhen?: () => boolean } = {}) {
  const out = { applied: 0, duplicates: 0, failed: 0, parked: 0 };
  const batch = opts.batch ?? batchSize();
  while (!opts.stopWhen?.()) {
    const rows = await claim(batch);
    if (!rows.length) break;
    const done: string[] = [];
    const together = rows.length > 1 ? await applyTogether(rows) : null;
    if (together) {
      together.forEach((result) => (result === "duplicate" ? out.duplicates++ : out.applied++));
      done.push(...rows.map((r) => r.id));
    } else {
      let next = 0;
      const lane = async () => {
        while (next < rows.length) {
          const row = rows[next++]!;
          try {
            const result = await applyProviderEvent(loadEvent(row.event));
            if (result === "duplicate") out.duplicates++;
            else out.applied++;
            done.push(row.id);
          } catch (e) {
            out.failed++;
            if (row.attempts >= maxAttempts()) out.parked++;
            await failed(row, e);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency(), rows.length) }, lane));
    }
    // Applied: the PaymentEvent row is the record now. A crash before this delete only means the
    // events are claimed again a minute later and found duplicate.
    if (done.length) await pgPool().query(`DELETE FROM "PaymentInbox" WHERE id = ANY($1::text[])`, [done]);
  }
  return out;
}

/** The batch in one transaction; null when it failed (nothing of it kept). */
async function applyTogether(rows: InboxRow[]): Promise<EventResult[] | null> {
  try {
    return await applyProviderEvents(rows.map((r) => loadEvent(r.event)));
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const code = (err as { code?: unknown }).code;
    logger().info({ events: rows.length, err: { name: err.name, code } }, "payment inbox: batch not applied together; applying its events one by one");
    return null;
  }
}

/** Puts a parked event back in line (staff retried its dead-letter job). */
export async function reviveInboxEvent(inboxId: string): Promise<boolean> {
  const res = await pgPool().query(`UPDATE "PaymentInbox" SET "deadAt" = NULL, attempts = 0, "lockedUntil" = NULL, "nextAttemptAt" = ${NOW} WHERE id = $1`, [inboxId]);
  return (res.rowCount ?? 0) > 0;
}

/** What waits in the inbox (bench, health): due or retrying, and parked. */
export async function inboxBacklog(): Promise<{ waiting: number; parked: number }> {
  const { rows } = await pgPool().query<{ waiting: number; parked: number }>(
    `SELECT count(*) FILTER (WHERE "deadAt" IS NULL)::int AS waiting, count(*) FILTER (WHERE "deadAt" IS NOT NULL)::int AS parked FROM "PaymentInbox"`,
  );
  return rows[0] ?? { waiting: 0, parked: 0 };
}

export type InboxWorker = { stop(): Promise<void> };

/**
 * The loop of a worker process: drains the inbox, then waits for a nudge (an event queued in this
 * process) or `pollMs` (one from another process, a retry coming due, rows a dead worker had
 * claimed, free again after their minute). `stop` lets the running batch finish.
 */
export function startInboxWorker(opts: { pollMs?: number; loops?: number; log?: (m: string) => void } = {}): InboxWorker {
  const pollMs = opts.pollMs ?? 1000;
  let stopped = false;
  const wakers = new Set<() => void>();
  const nudge = () => {
    for (const w of [...wakers]) w();
  };
  globalThis.__shanlianInboxNudge = nudge;
  const loop = async () => {
    while (!stopped) {
      try {
        const r = await drainPaymentInbox({ stopWhen: () => stopped });
        if (r.applied + r.duplicates + r.failed > 0) logger().info({ ...r }, "payment inbox drained");
      } catch (e) {
        logger().warn({ err: { name: e instanceof Error ? e.name : "Error" } }, "payment inbox: drain failed");
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          wakers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, pollMs);
        wakers.add(wake);
      });
    }
  };
  const loops = Promise.all(Array.from({ length: opts.loops ?? inboxLoops() }, loop));
  return {
    async stop() {
      stopped = true;
      nudge();
      if (globalThis.__shanlianInboxNudge === nudge) globalThis.__shanlianInboxNudge = undefined;
      await loops;
    },
  };
}
