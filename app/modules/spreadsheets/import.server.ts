/**
 * Spreadsheet import: read the file (read.server.ts: .xlsx, or CSV in UTF-8 or GB18030), check every
 * row (validate.server.ts; the dry run reports every problem by row and column as i18n keys), and
 * only when the whole file is valid write it in ONE transaction. Progress is written to the
 * ImportJob row from outside that transaction, so the page polling it sees the rows go by while
 * nothing is committed yet.
 */
import { prisma, type Db } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import type { ReachSourceValue } from "~/modules/reach/constants";
import type { BeneficiaryGroupValue } from "~/modules/beneficiaries/groups";
import { receiveGoods } from "~/modules/goods/goods.server";
import { createActivity } from "~/modules/activities/activities.server";
import { recordReach } from "~/modules/reach/reach.server";
import { ensureStatistics } from "~/modules/statistics/install.server";
import type { TFunction } from "~/modules/i18n/i18n";
import { recordOfflineMoney } from "./offline-money.server";
import { readSheet, type SheetEncoding } from "./read.server";
import { validateSheet, type ValidateOptions, type ValidRow } from "./validate.server";
import { showImportErrors, type ImportError } from "./import-errors";
import { parseOrgImportKind, type ImportKind, type OrgImportKind } from "./templates";
import { auditSalesImport, countImportedSales, validateSalesSheet, writeImportedSale } from "~/modules/sales/import.server";
import { markFundedWhenGoalReached } from "~/modules/campaigns/goal.server";
import { auditPlatformImport, parsePlatformImportKind, validatePlatformStatement, writePlatformRow } from "~/modules/platforms/import.server";

/**
 * A job's kind as stored: a staff kind, an organization's own kind scoped to it (`sales:<orgId>`),
 * or a campaign's designated-platform statement (`platform:<orgId>:<campaignId>`).
 */
export type StoredImportKind = ImportKind | `${OrgImportKind}:${string}` | `platform:${string}:${string}`;

/** The dry run of any kind: the staff kinds' rules, or an organization kind's own. */
async function validateKind(kind: string, rows: string[][], options: ValidateOptions = {}): Promise<{ errors: ImportError[]; valid: ValidRow[]; total: number; alreadyImported?: number; extra?: Record<string, unknown> }> {
  if (parsePlatformImportKind(kind)) return validatePlatformStatement(kind, rows, options);
  const scoped = parseOrgImportKind(kind);
  if (scoped?.kind === "sales") return validateSalesSheet(scoped.orgId, rows, options);
  return validateSheet(kind as ImportKind, rows, options);
}

/** Writes one validated row (inside the import's transaction). */
async function writeRow(tx: Db, kind: ImportKind, r: ValidRow, jobId: string, actorId: string) {
  const d = r.data as Record<string, never>;
  if (kind === "activities") {
    await createActivity(r.orgId, actorId, { ...(d as object), reliefProjectId: undefined, needId: undefined, note: undefined, beneficiaryIds: [], importJobId: jobId } as never, tx);
  } else if (kind === "goods") {
    await receiveGoods(r.orgId, actorId, { ...(d as object), needId: undefined, campaignId: undefined, fundId: undefined, projectId: undefined, note: undefined, importJobId: jobId } as never, tx);
  } else if (kind === "donations") {
    await recordOfflineMoney(tx, {
      orgId: r.orgId,
      amountFen: d.amountFen as bigint,
      // Noon in Shanghai, so the day is the same whatever zone reads it.
      occurredAt: new Date(`${d.occurredOn as string}T12:00:00+08:00`),
      donorName: d.donorName as string,
      source: d.source as string,
      externalRef: d.reference as string,
      createdById: actorId,
    });
  } else if (kind === "projects") {
    // A ReliefProject is a statistics source: its trigger counts the project in the year it started.
    await tx.reliefProject.create({
      data: {
        orgId: r.orgId,
        name: d.name as string,
        category: d.category as never,
        districtCode: d.districtCode as string,
        startsOn: new Date(`${d.startsOn as string}T00:00:00Z`),
        amountFen: d.amountFen as bigint | null,
        importJobId: jobId,
      },
    });
  } else {
    await recordReach(tx, {
      orgId: r.orgId,
      occurredOn: new Date(`${d.occurredOn as string}T00:00:00Z`),
      districtCode: d.districtCode as string,
      source: d.source as ReachSourceValue,
      crowds: [{ headCount: d.headCount as number, groups: d.groups as BeneficiaryGroupValue[] }],
      importJobId: jobId,
    });
  }
}

/** Creates the job and starts the dry run in the background; returns the job id at once. */
export async function startImport(input: { kind: StoredImportKind; fileName: string; data: Uint8Array; actorId: string }) {
  const job = await prisma.importJob.create({
    data: { kind: input.kind, fileName: input.fileName.slice(0, 200), fileData: Buffer.from(input.data), status: "VALIDATING", createdById: input.actorId },
    select: { id: true },
  });
  inBackground(job.id, runDryRun);
  return job;
}

async function failJob(id: string, e: unknown) {
  const failure: ImportError = { row: 0, key: "stats.importer.errors.failed", params: { detail: e instanceof Error ? e.message.slice(0, 300) : "error" } };
  await prisma.importJob.update({ where: { id }, data: { status: "FAILED", errors: [failure], finishedAt: new Date() } });
}

async function loadJob(id: string) {
  const job = await prisma.importJob.findUniqueOrThrow({ where: { id }, select: { id: true, kind: true, fileName: true, fileData: true, createdById: true } });
  const sheet = await readSheet(job.fileName, job.fileData);
  return { job, rows: sheet?.rows ?? null, encoding: sheet?.encoding ?? null };
}

/**
 * Whoever works on a job holds this lock (transaction-scoped, released at commit, rollback or a
 * lost connection), so a job left VALIDATING or IMPORTING by a stopped process can be told apart
 * from one in progress in any process (see recoverIfInterrupted).
 */
const lockKey = (id: string) => `import:${id}`;
const lockJob = (tx: Db, id: string) => tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey(id)}, 0))::text`;
/**
 * Takes the job's lock, then reads its status under it: the work goes ahead only if the job still
 * says `expected`. Between a claim (VALIDATING, IMPORTING) and its lock there is a moment when
 * another process polling the job may take it for interrupted (see recoverIfInterrupted); whichever
 * of the two gets the lock first wins, and the other sees a status that tells it to stand down.
 */
async function lockJobIn(tx: Db, id: string, expected: "VALIDATING" | "IMPORTING") {
  await lockJob(tx, id);
  const row = await tx.importJob.findUnique({ where: { id }, select: { status: true } });
  return row?.status === expected;
}
/**
 * Jobs this process works on, from before its lock is taken until the work has ended. Only spares
 * this process a lock probe: other processes cannot see it, and do not need to (lockJobIn).
 */
const starting = new Set<string>();

/** Runs a job's work after the response, marking the job as worked on here until it ends. */
function inBackground(id: string, work: (id: string) => Promise<void>) {
  starting.add(id);
  void work(id)
    .catch((e) => failJob(id, e))
    .finally(() => starting.delete(id));
}

export async function runDryRun(id: string) {
  await prisma.$transaction(
    async (tx) => {
      if (!(await lockJobIn(tx, id, "VALIDATING"))) return;
      const { job, rows, encoding } = await loadJob(id);
      if (!rows) {
        const unreadable: ImportError = { row: 0, key: "stats.importer.errors.unreadable" };
        await tx.importJob.update({ where: { id }, data: { status: "INVALID", errors: [unreadable], finishedAt: new Date() } });
        return;
      }
      // Rows checked so far, from outside the transaction (the root client), so pollers see them now.
      const onProgress = (done: number, total: number) => prisma.importJob.update({ where: { id }, data: { totalRows: total, doneRows: done } });
      const { errors, total, alreadyImported, extra } = await validateKind(job.kind, rows, { onProgress });
      await tx.importJob.update({
        where: { id },
        data: {
          status: errors.length ? "INVALID" : "VALID",
          errors: errors.slice(0, 5000),
          totalRows: total,
          doneRows: total,
          summary: { encoding, ...(alreadyImported ? { alreadyImported } : {}), ...(extra ?? {}) } as object,
          finishedAt: errors.length ? new Date() : null,
        },
      });
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

/** Confirms a VALID job: re-validates, then writes every row in one transaction in the background. */
export async function confirmImport(id: string, actorId: string, kind?: StoredImportKind) {
  const claimed = await prisma.importJob.updateMany({ where: { id, status: "VALID", createdById: actorId, ...(kind ? { kind } : {}) }, data: { status: "IMPORTING", doneRows: 0 } });
  if (claimed.count !== 1) return false;
  inBackground(id, runImport);
  return true;
}

export async function runImport(id: string) {
  // One transaction from the lock to DONE: all rows and the final status, or nothing, and the
  // lock says "in progress" meanwhile.
  await prisma.$transaction(
    async (tx) => {
      // Given back for confirmation by another process in the meantime: it is not ours to import.
      if (!(await lockJobIn(tx, id, "IMPORTING"))) return;
      await ensureStatistics();
      const { job, rows, encoding } = await loadJob(id);
      const kind = job.kind as ImportKind;
      const scoped = parseOrgImportKind(job.kind);
      const platform = parsePlatformImportKind(job.kind);
      const { errors, valid, extra } = await validateKind(job.kind, rows ?? []);
      if (errors.length || !rows) {
        await tx.importJob.update({ where: { id }, data: { status: "INVALID", errors, finishedAt: new Date() } });
        return;
      }
      const step = Math.max(1, Math.floor(valid.length / 50));
      // Rows an earlier import already wrote (same import key) are skipped, not written twice.
      let skipped = 0;
      let totalFen = 0n;
      for (let i = 0; i < valid.length; i++) {
        if (platform) {
          const res = await writePlatformRow(tx, valid[i]!, job.createdById);
          skipped += res.created ? 0 : 1;
          totalFen += res.amountFen;
        } else if (scoped?.kind === "sales") skipped += (await writeImportedSale(tx, valid[i]!, id, job.createdById)) ? 0 : 1;
        else await writeRow(tx, kind, valid[i]!, id, job.createdById);
        // Progress from outside the transaction (the root client), so pollers see it now.
        if ((i + 1) % step === 0) await prisma.importJob.update({ where: { id }, data: { doneRows: i + 1 } });
      }
      if (scoped?.kind === "sales") await auditSalesImport(tx, scoped.orgId, id, job.createdById, valid.length - skipped, skipped);
      if (platform) {
        const code = typeof extra?.platform === "string" ? extra.platform : null;
        await auditPlatformImport(tx, job.kind, id, job.createdById, { written: valid.length - skipped, skipped, totalFen, platform: code });
        // The statement's money counts towards the campaign's goal: checked once for the whole import.
        if (totalFen > 0n) await markFundedWhenGoalReached(tx, platform.campaignId);
      }
      const keyed = scoped || platform ? { written: valid.length - skipped, skipped } : {};
      const platformSummary = platform ? { ...extra, totalFen: totalFen.toString() } : {};
      await tx.importJob.update({ where: { id }, data: { status: "DONE", doneRows: valid.length, finishedAt: new Date(), summary: { rows: valid.length, encoding, ...keyed, ...platformSummary } as object } });
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

/**
 * Picks up a job whose process stopped (a restart, a crash) when someone looks at it: the job says
 * VALIDATING or IMPORTING, but nobody holds its lock. A dry run simply runs again. An import commits
 * its rows and DONE together, so IMPORTING without the lock means nothing was written: the job is
 * VALID again, to be confirmed anew. (Rows carrying the job's id while it says IMPORTING, which
 * only an older version could leave, make it DONE. Offline money rows carry no job id, but each
 * voucher number counts once: confirming again cannot count a committed row twice.)
 */
async function recoverIfInterrupted(job: { id: string; kind: string; status: string }) {
  if ((job.status !== "VALIDATING" && job.status !== "IMPORTING") || starting.has(job.id)) return false;
  // The status changes while the lock is held, so a worker that claimed the job in another process
  // and takes the lock just after finds the new status and stands down (lockJobIn).
  const recovered = await prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ free: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${lockKey(job.id)}, 0)) AS free`;
    if (row?.free !== true) return false;
    // A dry run simply runs again (it takes the lock itself once this transaction has ended).
    if (job.status === "VALIDATING") return "dry-run" as const;
    // One row per sheet row in the kind's own table (an activity may add reach records of its own).
    const where = { importJobId: job.id };
    const written =
      job.kind === "activities" ? await tx.activity.count({ where })
      : job.kind === "goods" ? await tx.goodsReceipt.count({ where })
      : job.kind === "reach" ? await tx.reachRecord.count({ where })
      : job.kind === "projects" ? await tx.reliefProject.count({ where })
      : parseOrgImportKind(job.kind)?.kind === "sales" ? await countImportedSales(job.id)
      : 0;
    if (written > 0) {
      await tx.importJob.updateMany({ where: { id: job.id, status: "IMPORTING" }, data: { status: "DONE", doneRows: written, finishedAt: new Date(), summary: { rows: written } } });
    } else {
      await tx.importJob.updateMany({ where: { id: job.id, status: "IMPORTING" }, data: { status: "VALID", doneRows: 0 } });
    }
    return "settled" as const;
  });
  if (recovered === "dry-run") inBackground(job.id, runDryRun);
  return recovered !== false;
}

export async function getImportJob(id: string, actorId: string, kind?: StoredImportKind) {
  const find = () =>
    prisma.importJob.findFirst({
      where: { id, createdById: actorId, ...(kind ? { kind } : {}) },
      select: { id: true, kind: true, fileName: true, status: true, totalRows: true, doneRows: true, errors: true, summary: true, createdAt: true, finishedAt: true },
    });
  const job = await find();
  return job && (await recoverIfInterrupted(job)) ? find() : job;
}

const RUNNING = new Set(["UPLOADED", "VALIDATING", "IMPORTING"]);

/**
 * A job as its page and its status route show it (the same shape, so the page can take the
 * polled JSON as it is): errors in the reader's language, and how a CSV file was decoded.
 */
export async function importJobView(id: string, actorId: string, t: TFunction, kind?: StoredImportKind) {
  const job = await getImportJob(id, actorId, kind);
  if (!job) return null;
  const summary = (job.summary ?? {}) as { encoding?: SheetEncoding | null; alreadyImported?: number; written?: number; skipped?: number };
  const encoding = summary.encoding ?? null;
  return {
    id: job.id,
    kind: job.kind,
    fileName: job.fileName,
    status: job.status,
    totalRows: job.totalRows,
    doneRows: job.doneRows,
    errors: showImportErrors(job.errors, t),
    encoding,
    /** Rows of a keyed import (sales) found already written by an earlier import: skipped on confirm. */
    alreadyImported: summary.alreadyImported ?? 0,
    written: summary.written ?? null,
    skipped: summary.skipped ?? 0,
    running: RUNNING.has(job.status),
  };
}
export type ImportJobView = NonNullable<Awaited<ReturnType<typeof importJobView>>>;

export const IMPORT_JOBS_PAGE_SIZE = 20;

/** The actor's import jobs, newest first, one page at a time (#12.5: no hidden limit). */
export async function recentImportJobs(actorId: string, page = 1, kind?: StoredImportKind) {
  const where = { createdById: actorId, ...(kind ? { kind } : {}) };
  const { rows: jobs, pagination } = await paginate(
    page,
    IMPORT_JOBS_PAGE_SIZE,
    () => prisma.importJob.count({ where }),
    (w) => prisma.importJob.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...w, select: { id: true, kind: true, fileName: true, status: true, totalRows: true, createdAt: true } }),
  );
  return { jobs, pagination };
}
