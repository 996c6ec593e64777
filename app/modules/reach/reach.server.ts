/**
 * Records who was reached by a service, disbursement, goods distribution or activity: named
 * beneficiaries from the organization's own register (one row each, carrying the person's keyed
 * hash so unique persons are counted city-wide), or anonymous head counts with their groups.
 * Callers pass their transaction so the reach commits with the record it belongs to.
 */
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import type { BeneficiaryGroupValue } from "~/modules/beneficiaries/groups";
import type { ReachSourceValue } from "./constants";

export type Crowd = { headCount: number; groups: BeneficiaryGroupValue[] };

export type ReachInput = {
  orgId: string;
  occurredOn: Date;
  districtCode: string;
  source: ReachSourceValue;
  sourceId?: string | null;
  beneficiaryIds?: string[];
  crowds?: Crowd[];
  importJobId?: string | null;
};

export async function recordReach(db: Db, input: ReachInput) {
  const ids = [...new Set(input.beneficiaryIds ?? [])];
  const people = ids.length
    ? await db.beneficiary.findMany({
        where: { id: { in: ids }, orgId: input.orgId },
        select: { id: true, idNumberHash: true, groups: true, sex: true, ageBand: true },
      })
    : [];
  // A beneficiary of another organization is never reachable from here.
  if (people.length !== ids.length) throw new AppError("stats.reach.unknownBeneficiary", 400);
  const rows = [
    ...people.map((p) => ({
      orgId: input.orgId,
      occurredOn: input.occurredOn,
      districtCode: input.districtCode,
      source: input.source,
      sourceId: input.sourceId ?? null,
      beneficiaryId: p.id,
      personHash: p.idNumberHash,
      headCount: 1,
      groups: p.groups,
      sex: p.sex,
      ageBand: p.ageBand,
      importJobId: input.importJobId ?? null,
    })),
    ...(input.crowds ?? [])
      .filter((c) => c.headCount > 0)
      .map((c) => ({
        orgId: input.orgId,
        occurredOn: input.occurredOn,
        districtCode: input.districtCode,
        source: input.source,
        sourceId: input.sourceId ?? null,
        headCount: c.headCount,
        groups: [...new Set(c.groups)],
        importJobId: input.importJobId ?? null,
      })),
  ];
  if (rows.length) await db.reachRecord.createMany({ data: rows });
  return { named: people.length, anonymous: rows.length - people.length, personTimes: rows.reduce((s, r) => s + r.headCount, 0) };
}

/** Reach records behind a source record (for its detail page). */
export async function reachFor(db: Db, orgId: string, source: ReachSourceValue, sourceId: string) {
  return db.reachRecord.findMany({
    where: { orgId, source, sourceId },
    select: { id: true, headCount: true, groups: true, beneficiary: { select: { name: true } } },
  });
}
