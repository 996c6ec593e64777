/**
 * Producers (供应主体): registered by an approved organization, which becomes the supporting
 * organization and can act for them; edited and resubmitted after a return. The review itself is
 * in review.server.ts, households in households.server.ts.
 */
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { Prisma } from "~/generated/prisma/client";
import type { ProducerStatus } from "~/generated/prisma/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { maskName, maskPhone } from "~/modules/accounts/mask";
import { pageInfo } from "~/utils/pagination";
import { eligibilityError, householdsShown } from "./rules";
import type { ProducerInput } from "./schema";
import { namedHouseholdCounts, storeHouseholds } from "./households.server";

export const PAGE_SIZE = 20;

/** Columns compared in the audit trail's before/after (the contact phone is left out: personal data). */
export const AUDITED = {
  name: true,
  kind: true,
  status: true,
  districtCode: true,
  town: true,
  village: true,
  creditCode: true,
  contactName: true,
  description: true,
  originStatement: true,
  householdCount: true,
} as const;

/** What may change once a producer is recommended or approved: the descriptive fields only. */
const IDENTITY = ["name", "kind", "districtCode", "creditCode", "originStatement"] as const;

function dataFrom(input: ProducerInput) {
  return {
    name: input.name,
    kind: input.kind,
    districtCode: input.districtCode,
    town: input.town,
    village: input.village ?? null,
    creditCode: input.creditCode,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    description: input.description ?? null,
    originStatement: input.originStatement ?? null,
    householdCount: input.householdCount,
  };
}

const codeTaken = () => new AppError("producers.errors.creditCodeTaken", 409, {}, { creditCode: "producers.errors.creditCodeTaken" });

async function assertCodeFree(creditCode: string | null, exceptId?: string) {
  if (!creditCode) return;
  const clash = await prisma.producer.findUnique({
    where: { creditCode },
    select: { id: true },
  });
  // Only that it is taken: the holder may be another organization's pending registration.
  if (clash && clash.id !== exceptId) throw codeTaken();
}

function duplicateCodeError(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw codeTaken();
  throw e;
}

/** The 832 rule again, for callers that did not come through the form schema. */
function assertEligible(input: ProducerInput) {
  const refusal = eligibilityError(input.kind, input.districtCode, input.originStatement);
  if (refusal) throw new AppError(refusal.message, 400, {}, { [refusal.field]: refusal.message });
}

/** Staff of the producer's district (区县民政局) are told a registration waits for their recommendation. */
async function notifyDistrictStaff(db: Db, producer: { id: string; name: string; districtCode: string }) {
  const staff = await db.user.findMany({
    where: {
      districtCode: producer.districtCode,
      globalRole: { in: ["BUREAU_STAFF", "BUREAU_ADMIN"] },
      disabledAt: null,
    },
    select: { id: true },
  });
  for (const s of staff) await notify(db, s.id, "producers.toRecommend", { producer: producer.name }, `/staff/producers/${producer.id}`);
}

/** A new registration by an approved organization (checked by the route): SUBMITTED, waiting for its district. */
export async function registerProducer(orgId: string, actorId: string, input: ProducerInput) {
  assertEligible(input);
  await assertCodeFree(input.creditCode);
  try {
    return await prisma.$transaction(async (tx) => {
      const producer = await tx.producer.create({
        data: {
          ...dataFrom(input),
          status: "SUBMITTED",
          supportOrgId: orgId,
          createdById: actorId,
        },
        select: { id: true, name: true, districtCode: true },
      });
      const households = await storeHouseholds(tx, producer.id, input.households);
      // The audit keeps how many households were named, never their numbers.
      await recordAudit(
        {
          actorId,
          action: "producer.submitted",
          entityType: "Producer",
          entityId: producer.id,
          orgId,
          after: {
            status: "SUBMITTED",
            name: input.name,
            kind: input.kind,
            districtCode: input.districtCode,
            creditCode: input.creditCode,
            households,
          },
        },
        tx
      );
      await notifyDistrictStaff(tx, producer);
      return producer;
    });
  } catch (e) {
    duplicateCodeError(e);
  }
}

/**
 * Edits a producer. While submitted or returned everything can change, and a returned one can be
 * resubmitted (back to its district); once recommended or approved its identity (name, kind,
 * district, credit code, origin) is fixed and only descriptive fields change. Rejected: closed.
 */
export async function updateProducer(producerId: string, actorId: string, input: ProducerInput, opts: { resubmit?: boolean } = {}) {
  const before = await prisma.producer.findUnique({
    where: { id: producerId },
    select: { ...AUDITED, supportOrgId: true },
  });
  if (!before) throw new AppError("errors.http.404", 404);
  if (before.status === "REJECTED") throw new AppError("producers.errors.closed", 409);
  const locked = !(before.status === "SUBMITTED" || before.status === "RETURNED");
  const next = dataFrom(input);
  if (locked && IDENTITY.some((k) => (next[k] ?? null) !== (before[k] ?? null))) throw new AppError("producers.errors.identityLocked", 409);
  if (!locked) {
    assertEligible(input);
    await assertCodeFree(input.creditCode, producerId);
  }
  const resubmit = Boolean(opts.resubmit) && before.status === "RETURNED";
  const { supportOrgId, ...auditedBefore } = before;
  try {
    return await prisma.$transaction(async (tx) => {
      const data = {
        ...next,
        ...(resubmit
          ? {
              status: "SUBMITTED" as const,
              recommendedById: null,
              recommendedAt: null,
            }
          : {}),
      };
      // Optimistic check: the status must not have moved under us (staff reviewing meanwhile).
      const updated = await tx.producer.updateMany({
        where: { id: producerId, status: before.status },
        data,
      });
      if (updated.count !== 1) throw new AppError("producers.errors.changedMeanwhile", 409);
      const after = await tx.producer.findUniqueOrThrow({
        where: { id: producerId },
        select: AUDITED,
      });
      await recordAudit(
        {
          actorId,
          action: resubmit ? "producer.resubmitted" : "producer.updated",
          entityType: "Producer",
          entityId: producerId,
          orgId: supportOrgId,
          before: auditedBefore,
          after,
        },
        tx
      );
      if (resubmit)
        await notifyDistrictStaff(tx, {
          id: producerId,
          name: after.name,
          districtCode: after.districtCode,
        });
      return { resubmitted: resubmit };
    });
  } catch (e) {
    duplicateCodeError(e);
  }
}

/** The supporting organization's producers, one status tab at a time, with the count of each. */
export async function listOrgProducers(orgId: string, f: { status?: ProducerStatus; page: number }) {
  const where: Prisma.ProducerWhereInput = {
    supportOrgId: orgId,
    ...(f.status ? { status: f.status } : {}),
  };
  const [total, counts] = await Promise.all([
    prisma.producer.count({ where }),
    prisma.producer.groupBy({
      by: ["status"],
      where: { supportOrgId: orgId },
      _count: { _all: true },
    }),
  ]);
  const info = pageInfo(f.page, PAGE_SIZE, total);
  const items = await prisma.producer.findMany({
    where,
    select: {
      id: true,
      name: true,
      kind: true,
      status: true,
      districtCode: true,
      town: true,
      householdCount: true,
      accountUserId: true,
      createdAt: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    skip: info.skip,
    take: info.take,
  });
  const named = await namedHouseholdCounts(items.map((p) => p.id));
  return {
    items: items.map(({ accountUserId, ...p }) => ({
      ...p,
      hasAccount: accountUserId !== null,
      households: householdsShown(named.get(p.id) ?? 0, p.householdCount),
    })),
    pagination: {
      page: info.page,
      pageSize: info.pageSize,
      total: info.total,
      pageCount: info.pageCount,
    },
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<string, number>,
  };
}

/** Everything the workspace overview shows; the full phone is for the people allowed in there. */
export async function getProducerProfile(producerId: string) {
  const p = await prisma.producer.findUnique({
    where: { id: producerId },
    select: {
      ...AUDITED,
      id: true,
      contactPhone: true,
      reviewReason: true,
      recommendedById: true,
      recommendedAt: true,
      approvedAt: true,
      suspendedAt: true,
      createdAt: true,
      supportOrg: { select: { id: true, name: true } },
      accountUser: { select: { id: true, displayName: true, email: true } },
    },
  });
  if (!p) return null;
  const named = (await namedHouseholdCounts([p.id])).get(p.id) ?? 0;
  return {
    ...p,
    namedHouseholds: named,
    households: householdsShown(named, p.householdCount),
  };
}

/**
 * The public page's view of an approved producer: no household data, the contact's name and phone
 * masked (personal data of a farmer, often a household's own number). Null for any other status.
 */
export async function getPublicProducer(producerId: string) {
  const p = await prisma.producer.findFirst({
    where: { id: producerId, status: "APPROVED" },
    select: {
      id: true,
      name: true,
      kind: true,
      districtCode: true,
      town: true,
      village: true,
      description: true,
      originStatement: true,
      contactName: true,
      contactPhone: true,
      householdCount: true,
      approvedAt: true,
      supportOrg: { select: { id: true, name: true } },
    },
  });
  if (!p) return null;
  const named = (await namedHouseholdCounts([p.id])).get(p.id) ?? 0;
  const { contactName, contactPhone, householdCount, ...rest } = p;
  return {
    ...rest,
    contactName: maskName(contactName),
    contactPhone: maskPhone(contactPhone),
    households: householdsShown(named, householdCount),
  };
}

/** The producers a user acts for, for the "my producers" list (ids from access.server's producerIdsForUser). */
export async function listProducersByIds(ids: readonly string[], userId: string) {
  if (!ids.length) return [];
  const rows = await prisma.producer.findMany({
    where: { id: { in: [...ids] } },
    select: {
      id: true,
      name: true,
      kind: true,
      status: true,
      districtCode: true,
      accountUserId: true,
      supportOrg: { select: { name: true } },
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 500,
  });
  return rows.map(({ accountUserId, ...p }) => ({
    ...p,
    asAccount: accountUserId === userId,
  }));
}

export async function getProducerAuditTrail(producerId: string) {
  return prisma.auditLog.findMany({
    where: { entityType: "Producer", entityId: producerId },
    select: {
      id: true,
      action: true,
      reason: true,
      after: true,
      createdAt: true,
      actor: { select: { displayName: true } },
    },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
}
