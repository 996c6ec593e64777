/**
 * Goods in and out. Stock is a column on GoodsItem changed only here: receipts add to it,
 * distributions take from it with a guarded UPDATE (`stock >= quantity`) inside the transaction
 * that records the distribution, so two concurrent distributions can never overdraw (the second
 * one re-checks the row after the first commits). A CHECK constraint backs this up.
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { assertOwnedByOrg } from "~/modules/organizations/ownership.server";
import { recordReach } from "~/modules/reach/reach.server";
import { ensureStatistics } from "~/modules/statistics/install.server";
import type { DistributeInput, ReceiveInput } from "./schema";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function receiveGoods(orgId: string, actorId: string | null, input: ReceiveInput & { importJobId?: string }, db: Db = prisma) {
  await ensureStatistics();
  return inTransaction(db, async (tx) => {
    await assertOwnedByOrg(tx, orgId, { needId: input.needId, campaignId: input.campaignId, fundId: input.fundId, projectId: input.projectId });
    const item = await tx.goodsItem.upsert({
      where: { orgId_name_unit: { orgId, name: input.itemName, unit: input.unit } },
      create: { orgId, name: input.itemName, unit: input.unit, category: input.category, stock: input.quantity },
      update: { stock: { increment: input.quantity } },
      select: { id: true },
    });
    const receipt = await tx.goodsReceipt.create({
      data: {
        orgId,
        itemId: item.id,
        category: input.category,
        donorName: input.donorName,
        quantity: input.quantity,
        valueFen: input.value,
        receivedOn: day(input.receivedOn),
        districtCode: input.districtCode,
        needId: input.needId ?? null,
        campaignId: input.campaignId ?? null,
        fundId: input.fundId ?? null,
        projectId: input.projectId ?? null,
        note: input.note ?? null,
        importJobId: input.importJobId ?? null,
        createdById: actorId,
      },
      select: { id: true },
    });
    if (!input.importJobId) await recordAudit({ actorId, action: "goods.received", entityType: "GoodsReceipt", entityId: receipt.id, orgId }, tx);
    return { id: receipt.id, itemId: item.id };
  });
}

export async function distributeGoods(orgId: string, actorId: string | null, input: DistributeInput, db: Db = prisma) {
  if (!input.beneficiaryId && !(input.headCount > 0)) {
    throw new AppError("stats.goods.errors.recipientRequired", 400, {}, { beneficiaryId: "stats.goods.errors.recipientRequired" });
  }
  await ensureStatistics();
  return inTransaction(db, async (tx) => {
    await assertOwnedByOrg(tx, orgId, { goodsItemId: input.itemId, beneficiaryId: input.beneficiaryId });
    const taken = await tx.$queryRaw<{ stock: number }[]>`
      UPDATE "GoodsItem" SET stock = stock - ${input.quantity}, "updatedAt" = now()
      WHERE id = ${input.itemId} AND "orgId" = ${orgId} AND stock >= ${input.quantity}
      RETURNING stock`;
    if (!taken.length) {
      const item = await tx.goodsItem.findFirst({ where: { id: input.itemId, orgId }, select: { name: true, stock: true, unit: true } });
      if (!item) throw new AppError("stats.goods.errors.itemNotFound", 404, {}, { itemId: "stats.goods.errors.itemNotFound" });
      throw new AppError("stats.goods.errors.insufficient", 409, { item: item.name, stock: item.stock, unit: item.unit, quantity: input.quantity }, { quantity: "stats.goods.errors.insufficient" });
    }
    const dist = await tx.goodsDistribution.create({
      data: {
        orgId,
        itemId: input.itemId,
        quantity: input.quantity,
        distributedOn: day(input.distributedOn),
        districtCode: input.districtCode,
        place: input.place,
        beneficiaryId: input.beneficiaryId ?? null,
        recipientLabel: input.recipientLabel ?? null,
        createdById: actorId,
      },
      select: { id: true },
    });
    await recordReach(tx, {
      orgId,
      occurredOn: day(input.distributedOn),
      districtCode: input.districtCode,
      source: "GOODS_DISTRIBUTION",
      sourceId: dist.id,
      beneficiaryIds: input.beneficiaryId ? [input.beneficiaryId] : [],
      crowds: input.headCount > 0 ? [{ headCount: input.headCount, groups: input.groups }] : [],
    });
    await recordAudit({ actorId, action: "goods.distributed", entityType: "GoodsDistribution", entityId: dist.id, orgId }, tx);
    return { id: dist.id, stockLeft: taken[0]!.stock };
  });
}

export const GOODS_PAGE_SIZE = 50;

/** Stock, plus the receipts and the distributions, each paged on its own (`receiptsPage`, `distributionsPage`). */
export async function goodsOverview(orgId: string, pages: { receipts?: number; distributions?: number } = {}) {
  const where = { orgId };
  const [items, receipts, distributions] = await Promise.all([
    prisma.goodsItem.findMany({ where, orderBy: { name: "asc" }, select: { id: true, name: true, category: true, unit: true, stock: true } }),
    paginate(
      pages.receipts ?? 1,
      GOODS_PAGE_SIZE,
      () => prisma.goodsReceipt.count({ where }),
      (window) =>
        prisma.goodsReceipt.findMany({
          where,
          orderBy: [{ receivedOn: "desc" }, { id: "asc" }],
          ...window,
          select: { id: true, donorName: true, quantity: true, valueFen: true, receivedOn: true, item: { select: { name: true, unit: true } } },
        }),
    ),
    paginate(
      pages.distributions ?? 1,
      GOODS_PAGE_SIZE,
      () => prisma.goodsDistribution.count({ where }),
      (window) =>
        prisma.goodsDistribution.findMany({
          where,
          orderBy: [{ distributedOn: "desc" }, { id: "asc" }],
          ...window,
          select: { id: true, quantity: true, distributedOn: true, place: true, recipientLabel: true, item: { select: { name: true, unit: true } } },
        }),
    ),
  ]);
  return { items, receipts: receipts.rows, receiptPages: receipts.pagination, distributions: distributions.rows, distributionPages: distributions.pagination };
}
