/**
 * The host files a disclosure for a campaign or fund: period, income and spending (prefilled from
 * the ledger), beneficiary progress, free text and evidence. Evidence files are PRIVATE like
 * disbursement evidence (invoices and receipts may name people): the public sees their labels,
 * the owner, finance and bureau staff open them. Filing lifts a staff hold and resets the reminder.
 */
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import type { UploadedFile } from "~/modules/files/files.server";
import { liftHoldOnFiling } from "./hold.server";
import { disclosureSchedule, type TargetRef } from "./status.server";
import { addDays, chinaDay } from "./schedule";
import { saveUpload } from "~/modules/files/uploads.server";

export type NewDisclosure = {
  orgId: string;
  target: TargetRef;
  kind: "PERIODIC" | "FINAL";
  periodStart: string;
  periodEnd: string;
  incomeFen: bigint;
  spendingFen: bigint;
  beneficiaryProgress: string;
  body: string;
  evidence: UploadedFile[];
  actorId: string;
};

/** What moved through the target's account in a period (calendar days in Asia/Shanghai, both included). */
export async function ledgerForPeriod(t: TargetRef, periodStart: string, periodEnd: string, db: Db = prisma) {
  const from = new Date(`${periodStart}T00:00:00+08:00`);
  const to = new Date(`${addDays(periodEnd, 1)}T00:00:00+08:00`);
  const rows = t.campaignId
    ? await db.$queryRaw<{ kind: string; reversal: boolean; total: bigint }[]>`SELECT kind::text AS kind, ("reversesId" IS NOT NULL) AS reversal, SUM("amountFen")::bigint AS total FROM "LedgerTransaction" WHERE "campaignId" = ${t.campaignId} AND "occurredAt" >= ${from} AND "occurredAt" < ${to} GROUP BY 1, 2`
    : await db.$queryRaw<{ kind: string; reversal: boolean; total: bigint }[]>`SELECT kind::text AS kind, ("reversesId" IS NOT NULL) AS reversal, SUM("amountFen")::bigint AS total FROM "LedgerTransaction" WHERE "fundId" = ${t.fundId ?? ""} AND "occurredAt" >= ${from} AND "occurredAt" < ${to} GROUP BY 1, 2`;
  let incomeFen = 0n;
  let spendingFen = 0n;
  for (const r of rows) {
    const v = BigInt(r.total);
    // Same reading as ledger/balances.server.ts: a reversing DONATION puts back a failed refund.
    if (r.kind === "DONATION" || r.kind === "OFFLINE_DONATION") incomeFen += v;
    else if (r.kind === "REFUND") incomeFen -= v;
    else if (r.kind === "DISBURSEMENT" || r.kind === "GRANT" || r.kind === "FEE") spendingFen += v;
  }
  return { incomeFen, spendingFen };
}

/** What the new-disclosure form starts with: the period owed and the ledger's figures for it. */
export async function disclosureDraft(orgId: string, t: TargetRef, now: Date = new Date()) {
  const s = await disclosureSchedule(t, now);
  if (!s || s.orgId !== orgId) return null;
  const today = chinaDay(now);
  const owed = s.schedule.nextDue;
  const kind = owed?.kind ?? (s.endedOn ? "FINAL" : "PERIODIC");
  const periodStart = kind === "FINAL" ? s.startedOn : (owed?.periodStart ?? s.startedOn);
  const end = kind === "FINAL" && s.endedOn ? s.endedOn : today;
  const periodEnd = end < periodStart ? periodStart : end;
  const ledger = await ledgerForPeriod(t, periodStart, periodEnd);
  return { target: s, kind, periodStart, periodEnd, ...ledger };
}

export async function fileDisclosure(input: NewDisclosure, now: Date = new Date()) {
  const { target: t } = input;
  if (Boolean(t.campaignId) === Boolean(t.fundId)) throw new AppError("errors.http.404", 404);
  const today = chinaDay(now);
  if (input.periodEnd > today) throw new AppError("disclosure.validation.periodFuture", 400, {}, { periodEnd: "disclosure.validation.periodFuture" });
  if (input.periodEnd < input.periodStart) throw new AppError("disclosure.validation.periodOrder", 400, {}, { periodEnd: "disclosure.validation.periodOrder" });
  return prisma.$transaction(async (tx) => {
    const s = await disclosureSchedule(t, now, tx);
    // Only the organization's own campaigns and funds that are (or were) raising.
    if (!s || s.orgId !== input.orgId) throw new AppError("errors.http.404", 404);
    if (input.kind === "FINAL" && (s.type !== "campaign" || !s.endedOn)) throw new AppError("disclosure.errors.finalNotYet", 409, {}, { kind: "disclosure.errors.finalNotYet" });
    const d = await tx.disclosure.create({
      data: {
        orgId: input.orgId,
        campaignId: t.campaignId ?? null,
        fundId: t.fundId ?? null,
        kind: input.kind,
        periodStart: new Date(`${input.periodStart}T00:00:00Z`),
        periodEnd: new Date(`${input.periodEnd}T00:00:00Z`),
        incomeFen: input.incomeFen,
        spendingFen: input.spendingFen,
        beneficiaryProgress: input.beneficiaryProgress,
        body: input.body,
        filedById: input.actorId,
        filedAt: now,
      },
      select: { id: true },
    });
    for (const e of input.evidence) {
      const file = await saveUpload(tx, { orgId: input.orgId, uploadedById: input.actorId, purpose: "disclosure-evidence", visibility: "PRIVATE", file: e });
      await tx.disclosureEvidence.create({ data: { disclosureId: d.id, fileId: file.id, label: e.fileName.slice(0, 120) } });
    }
    await recordAudit(
      {
        actorId: input.actorId,
        action: "disclosure.filed",
        entityType: "Disclosure",
        entityId: d.id,
        orgId: input.orgId,
        after: { kind: input.kind, campaignId: t.campaignId ?? null, fundId: t.fundId ?? null, periodStart: input.periodStart, periodEnd: input.periodEnd, incomeFen: input.incomeFen.toString(), spendingFen: input.spendingFen.toString(), evidence: input.evidence.length },
      },
      tx,
    );
    const lifted = await liftHoldOnFiling(tx, t, input.actorId, d.id);
    // The next state change (a new due date) earns a new reminder.
    if (t.campaignId) await tx.campaign.update({ where: { id: t.campaignId }, data: { disclosureRemindedAt: null } });
    else await tx.fund.update({ where: { id: t.fundId! }, data: { disclosureRemindedAt: null } });
    return { id: d.id, holdLifted: lifted };
  });
}

export const DISCLOSURES_PAGE_SIZE = 20;

/** Filed disclosures of a target (public list) or of an organization (host list), newest first. */
export async function listDisclosures(where: { campaignId?: string; fundId?: string; orgId?: string }, window: { skip: number; take: number }) {
  const rows = await prisma.disclosure.findMany({
    where,
    select: {
      id: true,
      kind: true,
      periodStart: true,
      periodEnd: true,
      incomeFen: true,
      spendingFen: true,
      beneficiaryProgress: true,
      body: true,
      filedAt: true,
      orgId: true,
      campaign: { select: { id: true, title: true } },
      fund: { select: { id: true, name: true } },
      evidence: { select: { id: true, fileId: true, label: true }, orderBy: { createdAt: "asc" } },
    },
    orderBy: [{ periodEnd: "desc" }, { filedAt: "desc" }, { id: "desc" }],
    ...window,
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    periodStart: r.periodStart.toISOString().slice(0, 10),
    periodEnd: r.periodEnd.toISOString().slice(0, 10),
    incomeFen: r.incomeFen.toString(),
    spendingFen: r.spendingFen.toString(),
    beneficiaryProgress: r.beneficiaryProgress,
    body: r.body,
    filedAt: r.filedAt.toISOString(),
    target: r.campaign ? { type: "campaign" as const, id: r.campaign.id, name: r.campaign.title } : { type: "fund" as const, id: r.fund?.id ?? "", name: r.fund?.name ?? "" },
    evidence: r.evidence,
  }));
}

export function countDisclosures(where: { campaignId?: string; fundId?: string; orgId?: string }) {
  return prisma.disclosure.count({ where });
}
