/**
 * The review queue of hours (issue 15.1): flagged records and records under objection wait here for
 * a decision by the organization's coordinators (its own records) or bureau staff (city-wide).
 * Nobody decides on their own hours or on a record they confirmed themselves. Every decision is
 * audited and the volunteer (and, for objections, the objector) is told.
 */
import { prisma } from "~/utils/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/utils/errors";
import { paginate } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { maskName } from "~/modules/accounts/mask";
import type { FlagDetail } from "./hours-flags.server";
import { NOTICE_MS } from "./standing";
import { minutesToHours } from "./types";
import { reviseCertificatesFor } from "./certificates.server";

const TX = { maxWait: 20_000, timeout: 30_000 } as const;

/** Whose records a reviewer sees: one organization's, or (bureau staff) every organization's. */
export type ReviewScope = { orgId: string } | { cityWide: true };

export const REVIEW_DECISIONS = ["approve", "reject", "uphold", "dismiss"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

const scopeWhere = (scope: ReviewScope): Prisma.ServiceRecordWhereInput => ("orgId" in scope ? { orgId: scope.orgId } : {});

export const REVIEW_PAGE_SIZE = 30;

/**
 * One page of records waiting for a decision (flagged first, then objected; oldest first). Names
 * are in clear only for the organization's own coordinators (`clear`), masked for anyone else.
 */
export async function listReviewQueue(scope: ReviewScope, viewerId: string, opts: { clear: boolean; page?: number; standing?: "FLAGGED" | "OBJECTED" }) {
  const where: Prisma.ServiceRecordWhereInput = { ...scopeWhere(scope), standing: opts.standing ? opts.standing : { in: ["FLAGGED", "OBJECTED"] } };
  const { rows, pagination } = await paginate(
    opts.page ?? 1,
    REVIEW_PAGE_SIZE,
    () => prisma.serviceRecord.count({ where }),
    (window) =>
      prisma.serviceRecord.findMany({
        where,
        orderBy: [{ standing: "asc" }, { createdAt: "asc" }, { id: "asc" }],
        ...window,
        select: {
          id: true,
          userId: true,
          confirmedById: true,
          serviceDate: true,
          minutes: true,
          role: true,
          source: true,
          status: true,
          standing: true,
          createdAt: true,
          correctionNote: true,
          org: { select: { id: true, name: true } },
          project: { select: { id: true, title: true } },
          shift: { select: { startsAt: true, endsAt: true } },
          user: { select: { displayName: true, profile: { select: { realName: true } } } },
          flags: { select: { kind: true, detail: true }, orderBy: { kind: "asc" } },
          objections: { where: { status: "OPEN" }, select: { id: true, reason: true, createdAt: true }, orderBy: { createdAt: "asc" } },
        },
      }),
  );
  return {
    pagination,
    rows: rows.map(({ userId, confirmedById, user, flags, ...r }) => {
      const name = user.profile?.realName ?? user.displayName;
      const own = userId === viewerId;
      const confirmedByViewer = confirmedById === viewerId;
      return { ...r, name: opts.clear ? name : maskName(name), own, confirmedByViewer, canDecide: !own && !confirmedByViewer, flags: flags.map((f) => ({ kind: f.kind, detail: f.detail as FlagDetail })) };
    }),
  };
}

export const WAITING_STANDINGS = ["FLAGGED", "OBJECTED"] as const;

/** How many records wait in the scope, per standing (for the tabs). */
export async function countWaiting(scope: ReviewScope) {
  const rows = await prisma.serviceRecord.groupBy({ by: ["standing"], where: { ...scopeWhere(scope), standing: { in: [...WAITING_STANDINGS] } }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.standing, r._count._all])) as Partial<Record<(typeof WAITING_STANDINGS)[number], number>>;
}

/**
 * A decision on one waiting record:
 *   flagged  → approve (on NOTICE for NOTICE_DAYS from now) or reject (REJECTED);
 *   objected → uphold (REJECTED; the objections UPHELD) or dismiss (COUNTED; the objections DISMISSED).
 * To correct the minutes instead of rejecting, the coordinator uses the correction flow, which
 * re-assesses the record and closes open objections.
 */
export async function decideRecord(scope: ReviewScope, actorId: string, recordId: string, input: { decision: ReviewDecision; note: string }, now: Date = new Date()) {
  return prisma.$transaction(async (tx) => {
    // Lock the record so two reviewers cannot both decide it.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ServiceRecord" WHERE id = ${recordId} FOR UPDATE`;
    if (!locked.length) throw new AppError("common.errors.http.404", 404);
    const record = await tx.serviceRecord.findFirst({
      where: { id: recordId, ...scopeWhere(scope) },
      select: { id: true, userId: true, orgId: true, confirmedById: true, standing: true, noticeEndsAt: true, minutes: true, serviceDate: true, createdAt: true, project: { select: { id: true, title: true } } },
    });
    if (!record) throw new AppError("common.errors.http.404", 404);
    if (record.userId === actorId) throw new AppError("review.errors.ownHours", 403);
    if (record.confirmedById === actorId) throw new AppError("review.errors.ownConfirmation", 403);
    const onFlags = input.decision === "approve" || input.decision === "reject";
    if (record.standing !== (onFlags ? "FLAGGED" : "OBJECTED")) throw new AppError("review.errors.notWaiting", 409);

    const standing = input.decision === "approve" ? "NOTICE" : input.decision === "dismiss" ? "COUNTED" : "REJECTED";
    const noticeEndsAt = input.decision === "approve" ? new Date(now.getTime() + NOTICE_MS) : input.decision === "dismiss" ? record.noticeEndsAt : null;
    await tx.serviceRecord.update({ where: { id: recordId }, data: { standing, noticeEndsAt, reviewedById: actorId, reviewedAt: now, reviewNote: input.note } });

    let objectors: string[] = [];
    let objectionIds: string[] = [];
    if (!onFlags) {
      const open = await tx.hoursObjection.findMany({ where: { recordId, status: "OPEN" }, select: { id: true, objectorId: true } });
      objectionIds = open.map((o) => o.id);
      objectors = [...new Set(open.flatMap((o) => (o.objectorId ? [o.objectorId] : [])))];
      await tx.hoursObjection.updateMany({ where: { id: { in: objectionIds } }, data: { status: input.decision === "uphold" ? "UPHELD" : "DISMISSED", decidedById: actorId, decidedAt: now, decisionNote: input.note } });
    }
    await recordAudit(
      {
        actorId,
        action: `serviceRecord.review.${input.decision}`,
        entityType: "ServiceRecord",
        entityId: recordId,
        orgId: record.orgId,
        reason: input.note,
        before: { standing: record.standing, noticeEndsAt: record.noticeEndsAt?.toISOString() ?? null },
        after: { standing, noticeEndsAt: noticeEndsAt?.toISOString() ?? null, ...(objectionIds.length ? { objections: objectionIds } : {}) },
      },
      tx,
    );
    const params = { project: record.project.title, date: record.serviceDate.toISOString().slice(0, 10), hours: minutesToHours(record.minutes) };
    await notify(tx, record.userId, `review.${input.decision}`, params, "/me/volunteering");
    for (const objectorId of objectors) {
      if (objectorId === record.userId) continue;
      await notify(tx, objectorId, input.decision === "uphold" ? "review.objectionUpheld" : "review.objectionDismissed", { project: record.project.title, date: params.date }, `/projects/${record.project.id}`);
    }
    const certificates = standing === "REJECTED" ? await reviseCertificatesFor(tx, record, actorId, input.note) : [];
    return { standing, noticeEndsAt, certificates };
  }, TX);
}
