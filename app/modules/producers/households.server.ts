/**
 * Households a producer lifts (带贫户). A household is kept only as the keyed hash of its resident ID
 * number and a masked form (accounts.server's hashIdNumber, id-number's maskIdNumber): the number
 * itself is never stored, logged or audited, and a household linked to two producers is one
 * household city-wide.
 */
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { hashIdNumber } from "~/modules/accounts/accounts.server";
import { maskIdNumber } from "~/modules/accounts/id-number";

/** Named households per producer (ids without any are absent from the map). */
export async function namedHouseholdCounts(producerIds: readonly string[], db: Db = prisma) {
  if (!producerIds.length) return new Map<string, number>();
  const rows = await db.producerHousehold.groupBy({
    by: ["producerId"],
    where: { producerId: { in: [...producerIds] } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.producerId, r._count._all]));
}

/**
 * Households lifted by the producers matching `where`, each counted once: the distinct ID-number
 * hashes of their named households (a household named by two producers counts once), plus the
 * declared counts of those producers that named none. For statistics: pass the status, district
 * and period filters the figure needs (e.g. `{ status: "APPROVED", districtCode }`).
 */
export async function uniqueHouseholds(where: Prisma.ProducerWhereInput = {}, db: Db = prisma) {
  const [named, declared] = await Promise.all([
    db.producerHousehold.groupBy({
      by: ["idNumberHash"],
      where: { producer: where },
    }),
    db.producer.aggregate({
      where: { AND: [where, { households: { none: {} } }] },
      _sum: { householdCount: true },
    }),
  ]);
  const declaredCount = declared._sum.householdCount ?? 0;
  return {
    named: named.length,
    declared: declaredCount,
    total: named.length + declaredCount,
  };
}

/** Writes named households (validated ID numbers) as hash + masked form; numbers the producer already has are skipped. */
export async function storeHouseholds(db: Db, producerId: string, idNumbers: readonly string[]) {
  if (!idNumbers.length) return 0;
  const res = await db.producerHousehold.createMany({
    data: idNumbers.map((id) => ({
      producerId,
      idNumberHash: hashIdNumber(id),
      idNumberMasked: maskIdNumber(id),
    })),
    skipDuplicates: true,
  });
  return res.count;
}

export async function listHouseholds(producerId: string) {
  return prisma.producerHousehold.findMany({
    where: { producerId },
    select: { id: true, idNumberMasked: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 1000,
  });
}

async function producerOf(db: Db, producerId: string) {
  const p = await db.producer.findUnique({
    where: { id: producerId },
    select: { id: true, status: true, supportOrgId: true },
  });
  if (!p) throw new AppError("errors.http.404", 404);
  if (p.status === "REJECTED") throw new AppError("producers.errors.closed", 409);
  return p;
}

/** Adds named households (already validated ID numbers); numbers this producer already has are skipped. */
export async function addHouseholds(producerId: string, actorId: string, idNumbers: readonly string[]) {
  if (!idNumbers.length) throw new AppError("producers.households.noneGiven", 400, {}, { households: "producers.households.noneGiven" });
  return prisma.$transaction(async (tx) => {
    const p = await producerOf(tx, producerId);
    const added = await storeHouseholds(tx, producerId, idNumbers);
    await recordAudit(
      {
        actorId,
        action: "producer.households_added",
        entityType: "Producer",
        entityId: producerId,
        orgId: p.supportOrgId,
        after: { added, given: idNumbers.length },
      },
      tx
    );
    return { added, skipped: idNumbers.length - added };
  });
}

export async function removeHousehold(producerId: string, actorId: string, householdId: string) {
  return prisma.$transaction(async (tx) => {
    const p = await producerOf(tx, producerId);
    const row = await tx.producerHousehold.findFirst({
      where: { id: householdId, producerId },
      select: { idNumberMasked: true },
    });
    if (!row) throw new AppError("errors.http.404", 404);
    await tx.producerHousehold.delete({ where: { id: householdId } });
    await recordAudit(
      {
        actorId,
        action: "producer.household_removed",
        entityType: "Producer",
        entityId: producerId,
        orgId: p.supportOrgId,
        before: { household: row.idNumberMasked },
      },
      tx
    );
  });
}
