/**
 * 对口支援 pairings: a supporting organization (registered in another province, approved) paired
 * with a Chongqing relief project, fund, need or district, optionally under an agreement. Staff
 * create them active, or an organization requests one and a staff member who did not request it
 * approves. Money and goods given under a pairing are ordinary ledger transactions (an offline
 * donation) and goods receipts, posted by the ledger and goods modules unchanged and linked to the
 * pairing by a row of their own (SupportPairingTransaction / SupportPairingGoods).
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { postOfflineDonation } from "~/modules/ledger/offline.server";
import { receiveGoods } from "~/modules/goods/goods.server";
import type { PairingStatus, PairingTarget } from "~/generated/prisma/enums";
import { isFromOtherProvince, provinceOfCreditCode } from "./provinces";
import type { PairingGoodsInput, PairingInput, PairingMoneyInput } from "./schema";

/** The parsed forms, with their optional fields optional (services are also called by the seed and tests). */
type Loose<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type NewPairing = Loose<PairingInput, "targetId" | "districtCode" | "agreementId" | "note">;
type MoneyInput = Loose<PairingMoneyInput, "recipientOrgId">;
type GoodsInput = Loose<PairingGoodsInput, "recipientOrgId">;

/** The source written on the ledger transaction of money given under a pairing. */
export const PAIRING_SOURCE = "对口支援";

type ResolvedTarget = { target: PairingTarget; projectId: string | null; fundId: string | null; needId: string | null; districtCode: string; recipientOrgId: string | null };

/** The target's record and district; an unknown id is a 404 on the field. */
async function resolvePairingTarget(db: Db, input: { target: PairingTarget; targetId?: string; districtCode?: string }): Promise<ResolvedTarget> {
  const missing = () => new AppError("errors.http.404", 404, {}, { targetId: "crossRegion.errors.targetNotFound" });
  const base = { target: input.target, projectId: null, fundId: null, needId: null };
  switch (input.target) {
    case "PROJECT": {
      const p = await db.reliefProject.findUnique({ where: { id: input.targetId ?? "" }, select: { id: true, orgId: true, districtCode: true } });
      if (!p) throw missing();
      return { ...base, projectId: p.id, districtCode: p.districtCode, recipientOrgId: p.orgId };
    }
    case "FUND": {
      const f = await db.fund.findUnique({ where: { id: input.targetId ?? "" }, select: { id: true, orgId: true, districtCodes: true, org: { select: { districtCode: true } } } });
      if (!f) throw missing();
      return { ...base, fundId: f.id, districtCode: f.districtCodes[0] ?? f.org.districtCode, recipientOrgId: f.orgId };
    }
    case "NEED": {
      const n = await db.need.findUnique({ where: { id: input.targetId ?? "" }, select: { id: true, districtCode: true, proposedByOrgId: true } });
      if (!n) throw missing();
      return { ...base, needId: n.id, districtCode: n.districtCode, recipientOrgId: n.proposedByOrgId ?? null };
    }
    default:
      if (!input.districtCode) throw new AppError("validation.district", 400, {}, { districtCode: "validation.district" });
      return { ...base, districtCode: input.districtCode, recipientOrgId: null };
  }
}

/** An approved organization registered in another province, or a 400 on the field. */
async function assertSupportingOrg(db: Db, orgId: string) {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { id: true, name: true, status: true, creditCode: true } });
  if (!org) throw new AppError("errors.http.404", 404, {}, { supportOrgId: "crossRegion.errors.orgNotFound" });
  if (!isFromOtherProvince(org.creditCode)) throw new AppError("crossRegion.errors.notFromOtherProvince", 400, {}, { supportOrgId: "crossRegion.errors.notFromOtherProvince" });
  if (org.status !== "APPROVED") throw new AppError("crossRegion.errors.orgNotApproved", 400, {}, { supportOrgId: "crossRegion.errors.orgNotApproved" });
  return { ...org, provinceCode: provinceOfCreditCode(org.creditCode)! };
}

/** Staff pair an organization directly: active at once, decided by the same staff member. */
export async function createPairing(actorId: string, input: NewPairing, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    await assertSupportingOrg(tx, input.supportOrgId);
    const t = await resolvePairingTarget(tx, input);
    if (input.agreementId && !(await tx.cooperationAgreement.findUnique({ where: { id: input.agreementId }, select: { id: true } }))) {
      throw new AppError("errors.http.404", 404, {}, { agreementId: "crossRegion.errors.agreementNotFound" });
    }
    const p = await tx.supportPairing.create({
      data: {
        supportOrgId: input.supportOrgId,
        target: t.target,
        projectId: t.projectId,
        fundId: t.fundId,
        needId: t.needId,
        districtCode: t.districtCode,
        agreementId: input.agreementId ?? null,
        status: "ACTIVE",
        note: input.note ?? null,
        requestedById: actorId,
        decidedById: actorId,
        decidedAt: new Date(),
      },
      select: { id: true },
    });
    await recordAudit({ actorId, action: "crossRegion.pairingCreated", entityType: "SupportPairing", entityId: p.id, orgId: input.supportOrgId }, tx);
    return p;
  });
}

/** The supporting organization asks to be paired; staff decide (decidePairing). */
export async function requestPairing(actorId: string, orgId: string, input: Omit<NewPairing, "supportOrgId" | "agreementId">, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    await assertSupportingOrg(tx, orgId);
    const t = await resolvePairingTarget(tx, input);
    const p = await tx.supportPairing.create({
      data: { supportOrgId: orgId, target: t.target, projectId: t.projectId, fundId: t.fundId, needId: t.needId, districtCode: t.districtCode, status: "REQUESTED", note: input.note ?? null, requestedById: actorId },
      select: { id: true },
    });
    await recordAudit({ actorId, action: "crossRegion.pairingRequested", entityType: "SupportPairing", entityId: p.id, orgId }, tx);
    return p;
  });
}

/**
 * Staff approve or reject a request, or end an active pairing. Nobody decides a request they
 * made themselves (403), and a request is decided once (409).
 */
export async function decidePairing(actorId: string, pairingId: string, decision: "APPROVE" | "REJECT" | "END", db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    const p = await tx.supportPairing.findUnique({ where: { id: pairingId }, select: { id: true, status: true, requestedById: true, supportOrgId: true } });
    if (!p) throw new AppError("errors.http.404", 404);
    if (decision === "END") {
      if (p.status !== "ACTIVE") throw new AppError("crossRegion.errors.notActive", 409);
    } else {
      if (p.status !== "REQUESTED") throw new AppError("crossRegion.errors.alreadyDecided", 409);
      if (p.requestedById === actorId) throw new AppError("crossRegion.errors.ownRequest", 403);
    }
    const status = decision === "APPROVE" ? "ACTIVE" : decision === "REJECT" ? "REJECTED" : "ENDED";
    const done = await tx.supportPairing.updateMany({ where: { id: pairingId, status: p.status }, data: { status, decidedById: actorId, decidedAt: new Date() } });
    if (done.count !== 1) throw new AppError("crossRegion.errors.alreadyDecided", 409);
    await recordAudit({ actorId, action: `crossRegion.pairing${status}`, entityType: "SupportPairing", entityId: pairingId, orgId: p.supportOrgId }, tx);
  });
}

/** An active pairing and the Chongqing organization that receives what is given under it. */
async function activePairing(tx: Db, pairingId: string, recipientOrgId: string | undefined) {
  const p = await tx.supportPairing.findUnique({
    where: { id: pairingId },
    select: { id: true, status: true, target: true, projectId: true, fundId: true, needId: true, districtCode: true, supportOrgId: true, supportOrg: { select: { name: true } } },
  });
  if (!p) throw new AppError("errors.http.404", 404);
  if (p.status !== "ACTIVE") throw new AppError("crossRegion.errors.notActive", 409);
  const t = await resolvePairingTarget(tx, { target: p.target, targetId: p.projectId ?? p.fundId ?? p.needId ?? undefined, districtCode: p.districtCode });
  const recipient = t.target === "PROJECT" || t.target === "FUND" ? t.recipientOrgId : (recipientOrgId ?? t.recipientOrgId);
  if (!recipient) throw new AppError("crossRegion.errors.recipientRequired", 400, {}, { recipientOrgId: "crossRegion.errors.recipientRequired" });
  const org = await tx.organization.findUnique({ where: { id: recipient }, select: { id: true, status: true, creditCode: true } });
  if (!org || org.status !== "APPROVED" || isFromOtherProvince(org.creditCode) || org.id === p.supportOrgId) {
    throw new AppError("crossRegion.errors.recipientInvalid", 400, {}, { recipientOrgId: "crossRegion.errors.recipientInvalid" });
  }
  return { pairing: p, recipientOrgId: org.id };
}

/**
 * Money given under a pairing: an offline donation of the ledger (OFFLINE_RECEIPTS → the fund or
 * the receiving organization), posted exactly as any other, then linked to the pairing. The bank
 * slip's reference makes re-recording it a no-op.
 */
export async function recordPairingMoney(actorId: string, pairingId: string, input: MoneyInput, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    const { pairing, recipientOrgId } = await activePairing(tx, pairingId, input.recipientOrgId);
    const res = await postOfflineDonation(tx, {
      orgId: recipientOrgId,
      fundId: pairing.fundId,
      amountFen: input.amount,
      occurredAt: new Date(`${input.occurredOn}T04:00:00Z`),
      donorName: pairing.supportOrg.name,
      source: PAIRING_SOURCE,
      externalRef: `${pairing.id}:${input.externalRef}`,
      createdById: actorId,
    });
    if (res.created) {
      await tx.supportPairingTransaction.create({ data: { transactionId: res.transactionId, pairingId: pairing.id } });
      await recordAudit({ actorId, action: "crossRegion.moneyRecorded", entityType: "SupportPairing", entityId: pairing.id, orgId: recipientOrgId }, tx);
    }
    return res;
  });
}

/** Goods given under a pairing: a goods receipt of the receiving organization, linked to the pairing. */
export async function recordPairingGoods(actorId: string, pairingId: string, input: GoodsInput, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    const { pairing, recipientOrgId } = await activePairing(tx, pairingId, input.recipientOrgId);
    const receipt = await receiveGoods(
      recipientOrgId,
      actorId,
      {
        itemName: input.itemName,
        category: input.category,
        unit: input.unit,
        donorName: pairing.supportOrg.name,
        quantity: input.quantity,
        value: input.value,
        receivedOn: input.receivedOn,
        districtCode: pairing.districtCode,
        needId: undefined,
        campaignId: undefined,
        projectId: undefined,
        fundId: pairing.fundId ?? undefined,
        note: PAIRING_SOURCE,
      },
      tx,
    );
    await tx.supportPairingGoods.create({ data: { goodsReceiptId: receipt.id, pairingId: pairing.id } });
    return receipt;
  });
}

export const PAIRING_PAGE_SIZE = 100;

/** Pairings for the staff's list, newest first, with what was given under each. */
export async function listPairings(filter: { status?: PairingStatus; supportOrgId?: string; id?: string } = {}, db: Db = prisma) {
  const rows = await db.supportPairing.findMany({
    where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.supportOrgId ? { supportOrgId: filter.supportOrgId } : {}), ...(filter.id ? { id: filter.id } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: PAIRING_PAGE_SIZE,
    select: {
      id: true,
      target: true,
      projectId: true,
      fundId: true,
      needId: true,
      districtCode: true,
      status: true,
      note: true,
      requestedById: true,
      createdAt: true,
      supportOrg: { select: { id: true, name: true, creditCode: true } },
      agreement: { select: { id: true, title: true } },
      transactions: { select: { transaction: { select: { amountFen: true } } } },
      goods: { select: { goodsReceipt: { select: { valueFen: true } } } },
    },
  });
  return rows.map(({ transactions, goods, supportOrg, ...r }) => ({
    ...r,
    supportOrg: { id: supportOrg.id, name: supportOrg.name, provinceCode: provinceOfCreditCode(supportOrg.creditCode) },
    moneyFen: transactions.reduce((s, x) => s + Number(x.transaction.amountFen), 0),
    goodsFen: goods.reduce((s, x) => s + Number(x.goodsReceipt.valueFen), 0),
  }));
}

export async function getPairing(id: string, db: Db = prisma) {
  const [p] = await listPairings({ id }, db);
  if (!p) throw new AppError("errors.http.404", 404);
  return p;
}
