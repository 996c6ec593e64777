/**
 * Payouts: the supporting organization (org:finance) records money it paid to a producer, never
 * above what the producer is owed (its payable, less refunds requested or under way), under the
 * payable account's lock so two payouts at once cannot both spend the same fen.
 */
import { inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { paginate } from "~/utils/pagination";
import { formatFen } from "~/utils/format";
import { recordAudit } from "~/modules/audit/audit.server";
import { lockedPayable, payableBalance, postProducerPayout } from "~/modules/ledger/shop-postings.server";
import { notifyProducerSide } from "./notify.server";

export async function recordPayout(input: { producerId: string; amountFen: bigint; paidOn: Date; reference?: string; note?: string; actorId: string }) {
  if (input.amountFen <= 0n) throw new AppError("funding.validation.amount", 400);
  return inTransaction(prisma, async (tx) => {
    const producer = await tx.producer.findUnique({ where: { id: input.producerId }, select: { id: true, supportOrgId: true, districtCode: true } });
    if (!producer) throw new AppError("errors.http.404", 404);
    const { accountId, available } = await lockedPayable(tx, producer.id);
    if (input.amountFen > available) throw new AppError("shop.payouts.errors.exceedsBalance", 409, { balance: formatFen(available > 0n ? available : 0n) }, { amount: "shop.payouts.errors.exceedsBalance" });
    const payout = await tx.producerPayout.create({
      data: { producerId: producer.id, amountFen: input.amountFen, paidOn: input.paidOn, reference: input.reference ?? null, note: input.note ?? null, recordedById: input.actorId },
      select: { id: true },
    });
    await postProducerPayout(tx, { payoutId: payout.id, producerId: producer.id, orgId: producer.supportOrgId, districtCode: producer.districtCode, payableAccountId: accountId, amountFen: input.amountFen, occurredAt: input.paidOn, createdById: input.actorId });
    await recordAudit({ actorId: input.actorId, action: "shop.payout_recorded", entityType: "Producer", entityId: producer.id, orgId: producer.supportOrgId, after: { payoutId: payout.id, amountFen: input.amountFen.toString() } }, tx);
    await notifyProducerSide(tx, producer.id, "shop.payoutRecorded", { amount: formatFen(input.amountFen) }, `/producer/${producer.id}/payouts`);
    return payout;
  });
}

export const PAYOUTS_PAGE_SIZE = 30;

export async function payoutsPage(producerId: string, page = 1) {
  const where = { producerId };
  const [{ rows, pagination }, balance, paid] = await Promise.all([
    paginate(
      page,
      PAYOUTS_PAGE_SIZE,
      () => prisma.producerPayout.count({ where }),
      (w) => prisma.producerPayout.findMany({ where, select: { id: true, amountFen: true, paidOn: true, reference: true, note: true, createdAt: true }, orderBy: [{ paidOn: "desc" }, { createdAt: "desc" }, { id: "asc" }], ...w }),
    ),
    payableBalance(prisma, producerId),
    prisma.producerPayout.aggregate({ where, _sum: { amountFen: true } }),
  ]);
  return {
    balanceFen: balance.balance.toString(),
    reservedFen: balance.reservedFen.toString(),
    availableFen: (balance.available > 0n ? balance.available : 0n).toString(),
    paidOutFen: (paid._sum.amountFen ?? 0n).toString(),
    payouts: rows.map((p) => ({ ...p, amountFen: p.amountFen.toString(), paidOn: p.paidOn.toISOString().slice(0, 10), createdAt: p.createdAt.toISOString() })),
    pagination,
  };
}
