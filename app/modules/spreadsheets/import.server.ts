/**
 * Spreadsheet import: read (.xlsx via exceljs, or UTF-8 CSV), validate every row (dry run: every
 * problem reported in Chinese with its row and column), and only when the whole file is valid
 * write it in ONE transaction. Progress is written to the ImportJob row from outside that
 * transaction, so the page polling it sees the rows go by while nothing is committed yet.
 */
import ExcelJS from "exceljs";
import { prisma, type Db } from "~/utils/db.server";
import { makeT } from "~/modules/i18n/i18n";
import zhStats from "~/modules/i18n/locales/zh-CN/stats";
import { DISTRICTS, isDistrictCode } from "~/modules/districts/districts";
import { GROUP_BY_CHINESE, type BeneficiaryGroupValue, type ReachSourceValue } from "~/modules/reach/constants";
import { yuanToFen } from "~/modules/goods/schema";
import { receiveGoods } from "~/modules/goods/goods.server";
import { createActivity } from "~/modules/activities/activities.server";
import { recordReach } from "~/modules/reach/reach.server";
import { ensureStatistics } from "~/modules/statistics/install.server";
import { recordOfflineMoney } from "./offline-money.server";
import { parseCsv } from "./csv";
import { MAX_IMPORT_ROWS, TEMPLATES, type ImportKind } from "./templates";

export type ImportError = { row: number; column: string; message: string };
type Cells = Record<string, string>;
export type ValidRow = { row: number; orgId: string; data: Record<string, unknown> };

const t = makeT("zh-CN");
const E = (key: string, params?: Record<string, string | number>) => t(`stats.import.errors.${key}`, params);

// Chinese labels as written in the template → enum values.
const invert = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k]));
const ACTIVITY_KIND = invert(zhStats.activityKinds);
const GOODS_CATEGORY = invert(zhStats.goodsCategories);
const REACH_SOURCE = invert(zhStats.reachSources);
const DISTRICT_BY_NAME = new Map<string, string>();
for (const d of DISTRICTS) {
  DISTRICT_BY_NAME.set(d.name, d.code);
  DISTRICT_BY_NAME.set(d.name.replace(/(土家族|苗族)+自治县$/, "").replace(/[区县]$/, ""), d.code);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("text" in v) return String(v.text);
    return "";
  }
  return String(v);
}

/** Rows as arrays of strings (row 1 = headers), from .xlsx or CSV. Null when unreadable. */
export async function readSheet(fileName: string, data: Uint8Array): Promise<string[][] | null> {
  try {
    if (/\.csv$/i.test(fileName)) return parseCsv(new TextDecoder("utf-8", { fatal: true }).decode(data));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) return null;
    const rows: string[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, ws.columnCount); c++) cells.push(cellText(row.getCell(c).value).trim());
      rows.push(cells);
    }
    return rows;
  } catch {
    return null;
  }
}

const colLetter = (i: number) => {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

function today() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/** Validates the whole sheet; returns every error, or the typed rows when there are none. */
export async function validateSheet(kind: ImportKind, rows: string[][], db: Db = prisma): Promise<{ errors: ImportError[]; valid: ValidRow[]; total: number }> {
  const cols = TEMPLATES[kind];
  const header = (rows[0] ?? []).map((h) => h.replace(/\s+/g, ""));
  const index = new Map(cols.map((c) => [c.key, header.indexOf(c.header.replace(/\s+/g, ""))]));
  const missing = cols.filter((c) => index.get(c.key)! < 0).map((c) => c.header);
  if (missing.length) return { errors: [{ row: 1, column: "", message: E("headers", { columns: missing.join("、") }) }], valid: [], total: 0 };
  const body = rows.slice(1).map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (!body.length) return { errors: [{ row: 2, column: "", message: E("empty") }], valid: [], total: 0 };
  if (body.length > MAX_IMPORT_ROWS) return { errors: [{ row: MAX_IMPORT_ROWS + 2, column: "", message: E("tooMany", { max: MAX_IMPORT_ROWS }) }], valid: [], total: body.length };

  const codes = [...new Set(body.map((r) => (r.cells[index.get("creditCode")!] ?? "").trim().toUpperCase()).filter(Boolean))];
  const orgs = new Map((await db.organization.findMany({ where: { creditCode: { in: codes } }, select: { id: true, creditCode: true } })).map((o) => [o.creditCode, o.id]));

  const errors: ImportError[] = [];
  const valid: ValidRow[] = [];
  const maxDate = today();
  for (const { row, cells } of body) {
    const c: Cells = {};
    for (const col of cols) c[col.key] = (cells[index.get(col.key)!] ?? "").trim();
    const bad = (key: string, message: string) => {
      const col = cols.find((x) => x.key === key)!;
      errors.push({ row, column: `${col.header}（${colLetter(index.get(key)!)}列）`, message });
    };
    const before = errors.length;
    for (const col of cols) if (col.required && !c[col.key]) bad(col.key, E("required"));
    const text = (key: string, max: number) => {
      if (c[key] && [...c[key]!].length > max) bad(key, E("tooLong", { max }));
      return c[key] || undefined;
    };
    const date = (key: string) => {
      const v = c[key];
      if (!v) return undefined;
      const norm = v.replace(/[/.年月]/g, "-").replace(/日$/, "").replace(/-(\d)(?=-|$)/g, "-0$1");
      const parsed = new Date(`${norm}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(norm) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== norm) {
        bad(key, E("date"));
        return undefined;
      }
      if (norm < "2000-01-01" || norm > maxDate) {
        bad(key, E("dateRange"));
        return undefined;
      }
      return norm;
    };
    const int = (key: string, min: number) => {
      const v = c[key];
      if (!v) return 0;
      if (!/^\d{1,9}$/.test(v.replace(/,/g, ""))) {
        bad(key, E("integer"));
        return undefined;
      }
      const n = Number(v.replace(/,/g, ""));
      if (n < min) {
        bad(key, E("positive"));
        return undefined;
      }
      return n;
    };
    const money = (key: string) => {
      const v = c[key];
      if (!v) return undefined;
      const fen = yuanToFen(v);
      if (fen === null) bad(key, E("money"));
      else if (fen <= 0n) bad(key, E("positive"));
      else return fen;
      return undefined;
    };
    const choice = (key: string, map: Record<string, string>) => {
      const v = c[key];
      if (!v) return undefined;
      const found = map[v] ?? (Object.values(map).includes(v) ? v : undefined);
      if (!found) bad(key, E("choice", { options: Object.keys(map).join("、") }));
      return found;
    };
    const district = (key: string) => {
      const v = c[key];
      if (!v) return undefined;
      const code = isDistrictCode(v) ? v : DISTRICT_BY_NAME.get(v);
      if (!code) bad(key, E("district"));
      return code;
    };
    const groups = (key: string): BeneficiaryGroupValue[] => {
      const out: BeneficiaryGroupValue[] = [];
      for (const g of (c[key] ?? "").split(/[、,，;；\s]+/).filter(Boolean)) {
        const v = GROUP_BY_CHINESE[g];
        if (v) out.push(v);
        else bad(key, E("group", { value: g }));
      }
      return out;
    };
    const orgId = c.creditCode ? orgs.get(c.creditCode.toUpperCase()) : undefined;
    if (c.creditCode && !orgId) bad("creditCode", E("org"));

    let data: Record<string, unknown> = {};
    if (kind === "activities") {
      const participants = int("participants", 0);
      const volunteers = int("volunteers", 0);
      const staff = int("staff", 0);
      data = { title: text("title", 100), kind: choice("kind", ACTIVITY_KIND), heldOn: date("date"), districtCode: district("district"), place: text("place", 100), participants, volunteers, staff, headCount: int("reach", 0), groups: groups("groups") };
      if (participants !== undefined && volunteers !== undefined && staff !== undefined && participants < volunteers + staff) bad("participants", E("participants"));
    } else if (kind === "goods") {
      data = {
        donorName: text("donor", 80),
        itemName: text("item", 60),
        category: choice("category", GOODS_CATEGORY),
        unit: text("unit", 10),
        quantity: c.quantity ? int("quantity", 1) : undefined,
        value: money("value"),
        receivedOn: date("date"),
        districtCode: district("district"),
      };
    } else if (kind === "donations") {
      data = { donorName: text("donor", 100), amountFen: money("amount"), occurredOn: date("date"), source: text("source", 100), reference: text("reference", 100) };
    } else {
      data = { occurredOn: date("date"), districtCode: district("district"), source: choice("source", REACH_SOURCE) as ReachSourceValue | undefined, headCount: c.headCount ? int("headCount", 1) : undefined, groups: groups("groups") };
    }
    if (errors.length === before && orgId) valid.push({ row, orgId, data });
  }
  return { errors, valid, total: body.length };
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
export async function startImport(input: { kind: ImportKind; fileName: string; data: Uint8Array; actorId: string }) {
  const job = await prisma.importJob.create({
    data: { kind: input.kind, fileName: input.fileName.slice(0, 200), fileData: Buffer.from(input.data), status: "VALIDATING", createdById: input.actorId },
    select: { id: true },
  });
  inBackground(job.id, runDryRun);
  return job;
}

async function failJob(id: string, e: unknown) {
  await prisma.importJob.update({ where: { id }, data: { status: "FAILED", errors: [{ row: 0, column: "", message: e instanceof Error ? e.message.slice(0, 300) : "error" }], finishedAt: new Date() } });
}

async function loadJob(id: string) {
  const job = await prisma.importJob.findUniqueOrThrow({ where: { id }, select: { id: true, kind: true, fileName: true, fileData: true, createdById: true } });
  const rows = await readSheet(job.fileName, job.fileData);
  return { job, rows };
}

/**
 * Whoever works on a job holds this lock (transaction-scoped, released at commit, rollback or a
 * lost connection), so a job left VALIDATING or IMPORTING by a stopped process can be told apart
 * from one in progress in any process (see recoverIfInterrupted).
 */
const lockKey = (id: string) => `import:${id}`;
const lockJob = (tx: Db, id: string) => tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey(id)}, 0))::text`;
/** Jobs this process works on, from before its lock is taken until the work has ended. */
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
      await lockJob(tx, id);
      const { job, rows } = await loadJob(id);
      if (!rows) {
        await tx.importJob.update({ where: { id }, data: { status: "INVALID", errors: [{ row: 0, column: "", message: E("unreadable") }], finishedAt: new Date() } });
        return;
      }
      const { errors, total } = await validateSheet(job.kind as ImportKind, rows);
      await tx.importJob.update({
        where: { id },
        data: { status: errors.length ? "INVALID" : "VALID", errors: errors.slice(0, 5000), totalRows: total, doneRows: 0, finishedAt: errors.length ? new Date() : null },
      });
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

/** Confirms a VALID job: re-validates, then writes every row in one transaction in the background. */
export async function confirmImport(id: string, actorId: string) {
  const claimed = await prisma.importJob.updateMany({ where: { id, status: "VALID", createdById: actorId }, data: { status: "IMPORTING", doneRows: 0 } });
  if (claimed.count !== 1) return false;
  inBackground(id, runImport);
  return true;
}

export async function runImport(id: string) {
  // One transaction from the lock to DONE: all rows and the final status, or nothing, and the
  // lock says "in progress" meanwhile.
  await prisma.$transaction(
    async (tx) => {
      await lockJob(tx, id);
      await ensureStatistics();
      const { job, rows } = await loadJob(id);
      const kind = job.kind as ImportKind;
      const { errors, valid } = await validateSheet(kind, rows ?? []);
      if (errors.length || !rows) {
        await tx.importJob.update({ where: { id }, data: { status: "INVALID", errors, finishedAt: new Date() } });
        return;
      }
      const step = Math.max(1, Math.floor(valid.length / 50));
      for (let i = 0; i < valid.length; i++) {
        await writeRow(tx, kind, valid[i]!, id, job.createdById);
        // Progress from outside the transaction (the root client), so pollers see it now.
        if ((i + 1) % step === 0) await prisma.importJob.update({ where: { id }, data: { doneRows: i + 1 } });
      }
      await tx.importJob.update({ where: { id }, data: { status: "DONE", doneRows: valid.length, finishedAt: new Date(), summary: { rows: valid.length } } });
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
  const free = await prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ free: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${lockKey(job.id)}, 0)) AS free`;
    return row?.free === true;
  });
  if (!free) return false;
  if (job.status === "VALIDATING") {
    inBackground(job.id, runDryRun);
    return true;
  }
  // One row per sheet row in the kind's own table (an activity may add reach records of its own).
  const where = { importJobId: job.id };
  const written =
    job.kind === "activities" ? await prisma.activity.count({ where })
    : job.kind === "goods" ? await prisma.goodsReceipt.count({ where })
    : job.kind === "reach" ? await prisma.reachRecord.count({ where })
    : 0;
  if (written > 0) {
    await prisma.importJob.updateMany({ where: { id: job.id, status: "IMPORTING" }, data: { status: "DONE", doneRows: written, finishedAt: new Date(), summary: { rows: written } } });
  } else {
    await prisma.importJob.updateMany({ where: { id: job.id, status: "IMPORTING" }, data: { status: "VALID", doneRows: 0 } });
  }
  return true;
}

export async function getImportJob(id: string, actorId: string) {
  const find = () =>
    prisma.importJob.findFirst({
      where: { id, createdById: actorId },
      select: { id: true, kind: true, fileName: true, status: true, totalRows: true, doneRows: true, errors: true, createdAt: true, finishedAt: true },
    });
  const job = await find();
  return job && (await recoverIfInterrupted(job)) ? find() : job;
}

export async function recentImportJobs(actorId: string) {
  return prisma.importJob.findMany({ where: { createdById: actorId }, orderBy: { createdAt: "desc" }, take: 10, select: { id: true, kind: true, fileName: true, status: true, totalRows: true, createdAt: true } });
}
