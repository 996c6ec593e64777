/**
 * The public notice of confirmed hours and objections to it (issue 15.1). For NOTICE_DAYS after a
 * record is confirmed (or approved after review) the project's public page lists it — the
 * volunteer's name masked, the date, the hours, until when — and any signed-in person other than
 * the volunteer may object with a reason. An objection stops the hours from counting until a
 * reviewer decides it (hours-review.server.ts).
 */
import { prisma, sqlRows } from "~/utils/db.server";
import { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/utils/errors";
import { singleFlight } from "~/utils/single-flight.server";
import { maskName } from "~/modules/accounts/mask";
import { countAttempt } from "~/modules/accounts/rate-limit.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { ObjectionInput } from "./review-schema";
import type { ServiceRecordSource } from "~/generated/prisma/enums";

const TX = { maxWait: 20_000, timeout: 30_000 } as const;

/** Objections one person may file in the throttle window (15 minutes) before being refused with 429. */
export const MAX_OBJECTIONS_PER_USER = 5;
/** The notice lists at most this many records (the ones ending soonest first). */
export const NOTICE_LIST_LIMIT = 100;

const PUBLIC_PROJECT = ["PUBLISHED", "CLOSED"] as const;

/**
 * Records of a project on notice now. Never a name in clear, never an id of a person. One
 * statement (record, project status, the volunteer's real name to mask): one round trip on the
 * public project page (issue 17.5).
 */
type NoticeRow = { id: string; userId: string; serviceDate: Date; minutes: number; noticeEndsAt: Date; source: ServiceRecordSource; realName: string | null };
/** Views of one project's notice at the same moment share its statement (singleFlight). */
const sharedNoticeRead = singleFlight<NoticeRow[]>();

export async function listNotice(projectId: string, viewerId: string | null, at?: Date) {
  // The notice is the same for every viewer (`own` is worked out below): views arriving while it is
  // being read join that statement, unless a caller asks about another moment.
  const read = () => {
    const now = at ?? new Date();
    // On the pg pool, prepared once per connection, its LIMIT written in (a parameter there would
    // make PostgreSQL plan it on every run): the public project page's second statement.
    return sqlRows<NoticeRow>(Prisma.sql`
      SELECT r.id, r."userId", r."serviceDate", r.minutes, r."noticeEndsAt", r.source::text AS source, vp."realName"
      FROM "ServiceRecord" r
      JOIN "VolunteerProject" p ON p.id = r."projectId"
      LEFT JOIN "VolunteerProfile" vp ON vp."userId" = r."userId"
      WHERE r."projectId" = ${projectId} AND r.standing = 'NOTICE' AND r."noticeEndsAt" > ${now} AND p.status::text = ANY(${[...PUBLIC_PROJECT] as string[]})
      ORDER BY r."noticeEndsAt" ASC, r.id ASC
      LIMIT ${Prisma.raw(String(NOTICE_LIST_LIMIT))}`,
      { name: "hours-notice" },
    );
  };
  const rows = at ? await read() : await sharedNoticeRead(projectId, read);
  return rows.map((r) => ({
    id: r.id,
    name: maskName(r.realName ?? ""),
    serviceDate: r.serviceDate,
    minutes: r.minutes,
    source: r.source,
    noticeEndsAt: r.noticeEndsAt,
    own: viewerId !== null && r.userId === viewerId,
  }));
}

/** A signed-in person objects to hours on notice: the record stops counting until a reviewer decides. */
export async function fileObjection(userId: string, input: ObjectionInput, now: Date = new Date()) {
  const verdict = await countAttempt(`objection:${userId}`, MAX_OBJECTIONS_PER_USER, now);
  if (verdict.refused) throw new AppError("review.errors.tooManyObjections", 429);
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ServiceRecord" WHERE id = ${input.recordId} FOR UPDATE`;
    if (!locked.length) throw new AppError("common.errors.http.404", 404);
    const record = await tx.serviceRecord.findFirst({
      where: { id: input.recordId, project: { status: { in: [...PUBLIC_PROJECT] } } },
      select: { id: true, userId: true, orgId: true, standing: true, noticeEndsAt: true, projectId: true },
    });
    if (!record) throw new AppError("common.errors.http.404", 404);
    if (record.userId === userId) throw new AppError("review.errors.ownObjection", 403);
    if (record.standing !== "NOTICE" || !record.noticeEndsAt || record.noticeEndsAt <= now) throw new AppError("review.errors.noticeOver", 409);
    const objection = await tx.hoursObjection.create({ data: { recordId: record.id, objectorId: userId, reason: input.reason }, select: { id: true } });
    await tx.serviceRecord.update({ where: { id: record.id }, data: { standing: "OBJECTED" } });
    await recordAudit(
      { actorId: userId, action: "serviceRecord.objected", entityType: "ServiceRecord", entityId: record.id, orgId: record.orgId, reason: input.reason, before: { standing: "NOTICE" }, after: { standing: "OBJECTED", objection: objection.id } },
      tx,
    );
    return { objectionId: objection.id, projectId: record.projectId };
  }, TX);
}
