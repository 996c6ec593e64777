/**
 * Importing a designated platform's exported donation statement for one campaign (#14.4). The
 * spreadsheet importer (spreadsheets/import.server.ts) runs the job: reading .xlsx or CSV (a CSV
 * that is not valid UTF-8 is decoded as GB18030, the superset of GBK Chinese Excel writes), a dry
 * run that lists every bad cell, then ONE transaction writing every row or none. This file holds
 * the rules of this kind.
 *
 * - Columns are found by header aliases, the platform's own first, then the common ones; other
 *   columns are ignored.
 * - Amounts are yuan with at most two decimals, converted to fen as integers (no floats).
 * - Only successful payments are imported. Rows marked refunded (fully or partly) or not paid are
 *   SKIPPED and listed on the job page, not netted: a successful row whose order id also appears
 *   as a refund row is skipped as refunded too. A partial refund is for the host to record by hand,
 *   since the statement does not say reliably how much stayed.
 * - De-duplicated by the platform's order id: twice in one file is an error; an order imported
 *   before (ledger source `platform:<code>` + externalRef, unique per organization) is skipped, so
 *   re-importing a file, or a later file overlapping it, adds only new orders.
 * - Donors are nicknames; a cell holding a mobile or resident ID number is refused (remove it and
 *   upload again), and nicknames are shown masked.
 */
import { prisma, type Db } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { findPersonalData } from "~/modules/accounts/personal-data";
import { postOfflineDonation } from "~/modules/ledger/offline.server";
import { yuanToFen } from "~/modules/donations/schema";
import { colLetter, type ValidRow, type ValidateOptions } from "~/modules/spreadsheets/validate.server";
import type { ImportError, ImportErrorParams } from "~/modules/spreadsheets/import-errors";
import { MAX_IMPORT_ROWS } from "~/modules/spreadsheets/templates";
import { platformByCode, platformSource, type PlatformCode } from "./platforms";

const E = "platforms.import.errors.";

/** The job kind of a campaign's statement import: the organization and the campaign. */
export const platformImportKind = (orgId: string, campaignId: string) => `platform:${orgId}:${campaignId}` as const;
export function parsePlatformImportKind(kind: string): { orgId: string; campaignId: string } | null {
  const [k, orgId, campaignId] = kind.split(":");
  return k === "platform" && orgId && campaignId ? { orgId, campaignId } : null;
}

type Field = "orderId" | "amount" | "time" | "nickname" | "status";
const FIELDS: Field[] = ["orderId", "amount", "time", "nickname", "status"];
const REQUIRED: Field[] = ["orderId", "amount", "time"];

/** Headers seen in platforms' exports (and their usual variants); compared without spaces and with ASCII brackets. */
const COMMON: Record<Field, string[]> = {
  orderId: ["订单号", "订单编号", "捐款订单号", "捐赠订单号", "捐款单号", "捐赠单号", "交易单号", "交易号", "商户订单号", "支付单号", "流水号", "捐赠编号", "订单ID", "order id"],
  amount: ["金额(元)", "捐款金额(元)", "捐赠金额(元)", "支付金额(元)", "实付金额(元)", "捐款金额", "捐赠金额", "支付金额", "实付金额", "金额", "amount"],
  time: ["捐款时间", "捐赠时间", "支付时间", "付款时间", "交易时间", "下单时间", "创建时间", "时间", "日期", "time"],
  nickname: ["捐款人昵称", "捐赠人昵称", "用户昵称", "昵称", "捐款人", "捐赠人", "爱心人士", "nickname"],
  status: ["支付状态", "捐款状态", "订单状态", "交易状态", "状态", "status"],
};
const BY_PLATFORM: Partial<Record<PlatformCode, Partial<Record<Field, string[]>>>> = {
  tencent: { orderId: ["捐款单号", "订单号"], amount: ["捐款金额(元)"], time: ["捐款时间"], nickname: ["捐款人昵称", "昵称"], status: ["捐款状态"] },
  alipay: { orderId: ["支付宝交易号", "交易号", "商户订单号"], amount: ["捐赠金额(元)", "订单金额(元)"], time: ["付款时间", "捐赠时间"], nickname: ["捐赠人昵称", "买家昵称"], status: ["交易状态"] },
  waterdrop: { orderId: ["订单编号", "订单号"], amount: ["支付金额(元)", "捐款金额(元)"], time: ["支付时间"], nickname: ["捐款人"], status: ["支付状态"] },
};

const norm = (h: string) => h.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")").toLowerCase();

const PAID = ["支付成功", "成功", "已支付", "捐款成功", "捐赠成功", "交易成功", "已完成", "完成", "已到账", "success", "paid", "succeeded", "trade_success", "trade_finished"];
const REFUNDED = ["已退款", "退款", "退款成功", "全额退款", "部分退款", "退款中", "refunded", "refund", "partially_refunded"];
const NOT_PAID = ["待支付", "未支付", "支付失败", "失败", "已关闭", "已取消", "关闭", "取消", "pending", "failed", "closed", "cancelled", "wait_buyer_pay", "trade_closed"];
/** Columns that hold personal data by their header, whatever they contain. */
const PERSONAL_HEADER = /手机|电话|身份证|证件|phone|mobile|idcard|id_card/i;

export type PlatformRow = { orderId: string; amountFen: bigint; occurredAt: string; nickname: string | null };
export type SkippedRow = { row: number; orderId: string; reason: "refunded" | "notPaid"; amountFen: string | null };

/** `2026-11-05 14:23:11`, `2026/11/5 9:05`, `2026年11月5日 9:05` or a date alone, in Beijing time. */
function parseTime(v: string, now: Date): { value: string } | { error: "time" | "timeFuture" } {
  const m = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v.trim());
  if (!m) return { error: "time" };
  const [y, mo, d, h = "12", mi = "00", s = "00"] = m.slice(1).map((x) => x);
  const p2 = (x: string) => x.padStart(2, "0");
  const iso = `${y}-${p2(mo!)}-${p2(d!)}T${p2(h)}:${mi}:${s}+08:00`;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return { error: "time" };
  // A day that does not exist (2 月 30 日) rolls over in Date: compare back.
  const local = new Date(at.getTime() + 8 * 3600_000).toISOString();
  if (local.slice(0, 10) !== `${y}-${p2(mo!)}-${p2(d!)}` || Number(y) < 2000) return { error: "time" };
  if (at.getTime() > now.getTime() + 3600_000) return { error: "timeFuture" };
  return { value: at.toISOString() };
}

/** The amount cell: yuan, optional ¥ and thousands separators; null when it is not money. */
function parseYuan(v: string): bigint | null {
  const s = v.replace(/[¥￥元\s]/g, "");
  if (/^-/.test(s)) return null;
  return yuanToFen(s);
}

export type CampaignForImport = { id: string; orgId: string; designatedPlatform: string | null; status: string };

/** The campaign a statement may be imported for: this organization's, published, run on a designated platform. */
export async function campaignForImport(db: Db, orgId: string, campaignId: string) {
  return db.campaign.findFirst({ where: { id: campaignId, orgId }, select: { id: true, orgId: true, title: true, designatedPlatform: true, platformProjectId: true, status: true } });
}
const IMPORTABLE = new Set(["APPROVED", "FUNDED", "ENDED", "CLOSED", "SUSPENDED"]);

/** The dry run: every bad cell by row and column, or the rows to write, with what is skipped and why. */
export async function validatePlatformStatement(kind: string, rows: string[][], options: ValidateOptions = {}) {
  const db = options.db ?? prisma;
  const scoped = parsePlatformImportKind(kind);
  const fail = (key: string, params?: ImportErrorParams, row = 0) => ({ errors: [{ row, key: `${E}${key}`, params }] as ImportError[], valid: [] as ValidRow[], total: 0, alreadyImported: 0, extra: {} });
  if (!scoped) return fail("campaign");
  const campaign = await campaignForImport(db, scoped.orgId, scoped.campaignId);
  const platform = platformByCode(campaign?.designatedPlatform);
  if (!campaign || !platform) return fail("noPlatform");
  if (!IMPORTABLE.has(campaign.status)) return fail("notPublished");

  const header = (rows[0] ?? []).map((h) => norm(h ?? ""));
  const index = {} as Record<Field, number>;
  for (const f of FIELDS) {
    const aliases = [...(BY_PLATFORM[platform.code as PlatformCode]?.[f] ?? []), ...COMMON[f]].map(norm);
    index[f] = aliases.map((a) => header.indexOf(a)).find((i) => i >= 0) ?? -1;
  }
  const missing = REQUIRED.filter((f) => index[f] < 0);
  if (missing.length) return fail("headers", { columns: missing.map((f) => COMMON[f][0]!) }, 1);
  const personalCols = header.map((h, i) => (PERSONAL_HEADER.test(h) ? i : -1)).filter((i) => i >= 0);
  const moneyCols = new Set([index.orderId, index.amount, index.time]);

  const body = rows
    .slice(1)
    .map((cells, i) => ({ row: i + 2, cells }))
    .filter((r) => r.cells.some((c) => (c ?? "").trim() !== ""));
  if (!body.length) return fail("empty", undefined, 2);
  if (body.length > MAX_IMPORT_ROWS) return fail("tooMany", { max: MAX_IMPORT_ROWS }, MAX_IMPORT_ROWS + 2);

  const errors: ImportError[] = [];
  const original = rows[0] ?? [];
  const at = (i: number) => ({ header: (original[i] ?? "").trim(), letter: colLetter(i) });
  const bad = (row: number, col: number, key: string, params?: ImportErrorParams) => errors.push({ row, column: col >= 0 ? at(col) : null, key: `${E}${key}`, params });
  const cell = (cells: string[], f: Field) => (index[f] < 0 ? "" : (cells[index[f]] ?? "").trim());

  const now = new Date();
  const typed: { row: number; data: PlatformRow }[] = [];
  const skipped: SkippedRow[] = [];
  const refundedIds = new Set<string>();
  const firstRow = new Map<string, number>();
  await options.onProgress?.(0, body.length);
  for (const { row, cells } of body) {
    const before = errors.length;
    // Personal data: never imported, wherever it sits (order ids, amounts and times excepted).
    for (const [i, raw] of cells.entries()) {
      const v = (raw ?? "").trim();
      if (!v || moneyCols.has(i)) continue;
      const finding = personalCols.includes(i) ? "personalColumn" : findPersonalData(v) ? "personalData" : null;
      if (finding) bad(row, i, finding);
    }
    const orderId = cell(cells, "orderId");
    if (!orderId) bad(row, index.orderId, "required");
    else if (orderId.length > 64 || !/^[\w.:/-]+$/.test(orderId)) bad(row, index.orderId, "orderId");

    const statusText = cell(cells, "status");
    let status: "paid" | "refunded" | "notPaid" = "paid";
    if (index.status >= 0) {
      const s = norm(statusText);
      if (PAID.includes(s)) status = "paid";
      else if (REFUNDED.includes(s)) status = "refunded";
      else if (NOT_PAID.includes(s)) status = "notPaid";
      else bad(row, index.status, "status", { paid: PAID.slice(0, 4), refunded: REFUNDED.slice(0, 3) });
    }
    const amountText = cell(cells, "amount");
    const amountFen = amountText ? parseYuan(amountText) : null;
    if (status !== "paid") {
      if (errors.length === before && orderId) {
        skipped.push({ row, orderId, reason: status, amountFen: amountFen?.toString() ?? null });
        if (status === "refunded") refundedIds.add(orderId);
      }
      continue;
    }
    if (!amountText) bad(row, index.amount, "required");
    else if (amountFen === null) bad(row, index.amount, "amount");
    else if (amountFen <= 0n) bad(row, index.amount, "amountPositive");

    const timeText = cell(cells, "time");
    let occurredAt: string | null = null;
    if (!timeText) bad(row, index.time, "required");
    else {
      const r = parseTime(timeText, now);
      if ("error" in r) bad(row, index.time, r.error);
      else occurredAt = r.value;
    }
    const nickname = cell(cells, "nickname").slice(0, 100) || null;

    if (orderId) {
      const first = firstRow.get(orderId);
      if (first !== undefined) bad(row, index.orderId, "duplicate", { first });
      else firstRow.set(orderId, row);
    }
    if (errors.length === before && amountFen && occurredAt) typed.push({ row, data: { orderId, amountFen, occurredAt, nickname } });
  }
  await options.onProgress?.(body.length, body.length);
  if (errors.length) return { errors, valid: [] as ValidRow[], total: body.length, alreadyImported: 0, extra: {} };

  // A payment refunded later in the same statement: skipped as refunded, not imported.
  const paid = typed.filter((t) => {
    if (!refundedIds.has(t.data.orderId)) return true;
    skipped.push({ row: t.row, orderId: t.data.orderId, reason: "refunded", amountFen: t.data.amountFen.toString() });
    return false;
  });
  skipped.sort((a, b) => a.row - b.row);
  const source = platformSource(platform.code);
  const ids = paid.map((t) => t.data.orderId);
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const found = await db.ledgerTransaction.findMany({ where: { orgId: campaign.orgId, kind: "OFFLINE_DONATION", source, externalRef: { in: ids.slice(i, i + 1000) } }, select: { externalRef: true } });
    for (const f of found) if (f.externalRef) seen.add(f.externalRef);
  }
  const fresh = paid.filter((t) => !seen.has(t.data.orderId));
  const valid: ValidRow[] = paid.map((t) => ({ row: t.row, orgId: campaign.orgId, data: { ...t.data, campaignId: campaign.id, source } }));
  return {
    errors,
    valid,
    total: body.length,
    alreadyImported: paid.length - fresh.length,
    extra: {
      platform: platform.code,
      campaignId: campaign.id,
      newRows: fresh.length,
      newFen: fresh.reduce((s, t) => s + t.data.amountFen, 0n).toString(),
      skippedRows: skipped.slice(0, 1000),
    },
  };
}

/** Writes one checked row inside the import's transaction: the money, and whether it was new. */
export async function writePlatformRow(tx: Db, r: ValidRow, actorId: string) {
  const d = r.data as PlatformRow & { campaignId: string; source: string };
  const res = await postOfflineDonation(tx, {
    orgId: r.orgId,
    campaignId: d.campaignId,
    amountFen: d.amountFen,
    occurredAt: new Date(d.occurredAt),
    donorName: d.nickname,
    source: d.source,
    externalRef: d.orderId,
    createdById: actorId,
  });
  return { created: res.created, amountFen: res.created ? d.amountFen : 0n };
}

/** One audit entry per import: rows written and skipped, and the money they brought. */
export async function auditPlatformImport(tx: Db, kind: string, jobId: string, actorId: string, s: { written: number; skipped: number; totalFen: bigint; platform: string | null }) {
  const scoped = parsePlatformImportKind(kind)!;
  await recordAudit(
    { actorId, action: "campaign.platform_imported", entityType: "Campaign", entityId: scoped.campaignId, orgId: scoped.orgId, after: { jobId, platform: s.platform, written: s.written, skipped: s.skipped, totalFen: s.totalFen.toString() } },
    tx,
  );
}

export const BATCHES_PAGE_SIZE = 20;

/**
 * The campaign's statement imports, newest first, whoever uploaded them: when, by whom, the rows
 * written and the money they brought (from the job's summary, written in the import's transaction).
 */
export async function listPlatformBatches(orgId: string, campaignId: string, page = 1) {
  const where = { kind: platformImportKind(orgId, campaignId) };
  const { rows, pagination } = await paginate(
    page,
    BATCHES_PAGE_SIZE,
    () => prisma.importJob.count({ where }),
    (w) => prisma.importJob.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, fileName: true, status: true, totalRows: true, summary: true, createdById: true, createdAt: true, finishedAt: true }, ...w }),
  );
  const users = await prisma.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.createdById))] } }, select: { id: true, displayName: true } });
  const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
  return {
    batches: rows.map((r) => {
      const s = (r.summary ?? {}) as { written?: number; skipped?: number; totalFen?: string; skippedRows?: unknown[] };
      return {
        id: r.id,
        fileName: r.fileName,
        status: r.status,
        rows: r.totalRows,
        written: r.status === "DONE" ? (s.written ?? 0) : null,
        alreadyImported: r.status === "DONE" ? (s.skipped ?? 0) : null,
        totalFen: r.status === "DONE" ? (s.totalFen ?? "0") : null,
        by: nameOf.get(r.createdById) ?? "",
        createdById: r.createdById,
        createdAt: r.createdAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
      };
    }),
    pagination,
  };
}

/** What the job page shows beside the importer's panel: new rows and money, and the rows skipped and why. */
export async function platformJobDetails(jobId: string) {
  const job = await prisma.importJob.findUnique({ where: { id: jobId }, select: { summary: true } });
  const s = (job?.summary ?? {}) as { newRows?: number; newFen?: string; totalFen?: string; skippedRows?: SkippedRow[]; platform?: string };
  return { newRows: s.newRows ?? null, newFen: s.newFen ?? null, totalFen: s.totalFen ?? null, platform: s.platform ?? null, skippedRows: s.skippedRows ?? [] };
}
