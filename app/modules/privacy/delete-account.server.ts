/**
 * Deleting an account at the person's request (PIPL art. 47). The User row stays as an anonymous
 * tombstone so that what the law requires to keep — donations and their ledger entries, confirmed
 * volunteer hours and certificates — stays whole, detached from the person; everything else that
 * names, reaches or locates them is erased in one transaction.
 */
import { randomBytes } from "node:crypto";
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { hashPassword, verifyPassword } from "~/modules/accounts/password.server";
import { accountKey } from "~/modules/accounts/rate-limit.server";
import { maskName } from "~/modules/accounts/mask";
import { ANONYMISED } from "~/modules/shop/orders.server";
import { DECIDED_HELP_STATUSES, ERASED_HELP_REQUEST } from "./erasure";
import { recordAudit } from "~/modules/audit/audit.server";
import { enqueueSearch } from "~/modules/search-outbox/outbox.server";
import { lockShift, promoteWaitlist } from "~/modules/volunteering/signups.server";
import type { Prisma } from "~/generated/prisma/client";
import { objectKeysOf, removeObjects } from "~/modules/files/uploads.server";

export const DELETED_DISPLAY_NAME = "已注销用户";
export const ANONYMOUS_DONOR = "匿名";
/** The text a person types to confirm (shown on the page in both languages). */
export const DELETE_CONFIRMATION = ["注销账号", "DELETE"] as const;
export const deletedEmail = (userId: string) => `deleted-${userId}@deleted.invalid`;

/** Organizations that no longer exist for this purpose: refused or revoked ones need no hand-over. */
const ENDED_ORG_STATUSES = ["REJECTED", "REVOKED"] as const;

export type DeletionObstacle =
  | { kind: "soleOwner"; orgId: string; orgName: string }
  | { kind: "openOrder"; number: string }
  | { kind: "orderRefund"; number: string }
  | { kind: "donationRefund"; donationId: string }
  | { kind: "monthlyGift"; giftId: string };

/**
 * What must be settled first: organizations they alone own (hand them over), goods on their way to
 * them (the address is still needed), refunds still being paid back to them, and monthly gifts still
 * collecting (cancel them, so no provider keeps charging a deleted account).
 */
export async function deletionObstacles(userId: string, db: Db = prisma): Promise<DeletionObstacle[]> {
  const [owned, orders, orderRefunds, refunds, gifts] = await Promise.all([
    db.orgMembership.findMany({
      where: { userId, role: "OWNER", org: { status: { notIn: [...ENDED_ORG_STATUSES] } } },
      select: { orgId: true, org: { select: { name: true, memberships: { where: { role: "OWNER", userId: { not: userId } }, select: { id: true }, take: 1 } } } },
      take: 50,
    }),
    db.shopOrder.findMany({ where: { buyerUserId: userId, status: { in: ["PENDING", "PAID", "SHIPPED"] } }, select: { number: true }, take: 20 }),
    db.orderRefund.findMany({ where: { order: { buyerUserId: userId }, status: { in: ["REQUESTED", "PENDING"] } }, select: { order: { select: { number: true } } }, take: 20 }),
    db.refund.findMany({ where: { donation: { donorUserId: userId }, status: "PENDING" }, select: { donationId: true }, take: 20 }),
    db.monthlyGift.findMany({ where: { donorUserId: userId, status: { not: "CANCELLED" } }, select: { id: true }, take: 20 }),
  ]);
  return [
    ...owned.filter((m) => m.org.memberships.length === 0).map((m) => ({ kind: "soleOwner" as const, orgId: m.orgId, orgName: m.org.name })),
    ...orders.map((o) => ({ kind: "openOrder" as const, number: o.number })),
    ...orderRefunds.map((r) => ({ kind: "orderRefund" as const, number: r.order.number })),
    ...refunds.map((r) => ({ kind: "donationRefund" as const, donationId: r.donationId })),
    ...gifts.map((g) => ({ kind: "monthlyGift" as const, giftId: g.id })),
  ];
}

/** Only future places are given up; past sign-ups stay (they may carry confirmed hours). */
async function cancelFutureSignups(tx: Prisma.TransactionClient, userId: string, now: Date) {
  const signups = await tx.shiftSignup.findMany({
    where: { userId, status: { in: ["CONFIRMED", "WAITLISTED"] }, shift: { startsAt: { gt: now } } },
    select: { id: true, shiftId: true, status: true, shift: { select: { projectId: true } } },
  });
  // The cancel service's own steps (signups.server.ts): lock the shift, free the place, move the
  // waitlist. The project's cancel cut-off does not apply: a deleted account cannot come anyway.
  for (const s of signups.sort((a, b) => a.shiftId.localeCompare(b.shiftId))) {
    await lockShift(tx, s.shiftId);
    await tx.shiftSignup.update({ where: { id: s.id }, data: { status: "CANCELLED", cancelledAt: now, waitlistPosition: null } });
    if (s.status === "CONFIRMED") {
      await tx.shift.update({ where: { id: s.shiftId }, data: { taken: { decrement: 1 } } });
      await promoteWaitlist(tx, s.shiftId);
    }
    await enqueueSearch(tx, "project", s.shift.projectId);
  }
  return signups.length;
}

export type DeletionInput = { password: string; confirmation: string };

/**
 * Checks the password (argon2, as at sign-in) and the typed confirmation, refuses while an
 * obstacle remains, then erases. Returns counts for the audit entry and the tests.
 */
export async function deleteAccount(userId: string, input: DeletionInput, now = new Date()) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true, passwordHash: true, deletedAt: true } });
  if (!user || user.deletedAt) throw new AppError("common.errors.http.404", 404);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new AppError("mydata.delete.errors.wrongPassword", 400, {}, { password: "mydata.delete.errors.wrongPassword" });
  }
  if (!(DELETE_CONFIRMATION as readonly string[]).includes(input.confirmation.trim())) {
    throw new AppError("mydata.delete.errors.confirmation", 400, {}, { confirmation: "mydata.delete.errors.confirmation" });
  }
  const obstacles = await deletionObstacles(userId);
  if (obstacles.length) throw new AppError(`mydata.delete.errors.${obstacles[0]!.kind}`, 409, obstacleParams(obstacles[0]!));
  // A hash of random bytes nobody knows: the row can never be signed into again.
  const tombstoneHash = await hashPassword(randomBytes(32).toString("base64url"));

  // Objects of deleted files in S3, removed once the transaction has committed.
  let objectKeys: string[] = [];
  const counts = await prisma.$transaction(
    async (tx) => {
      const obstaclesNow = await deletionObstacles(userId, tx);
      if (obstaclesNow.length) throw new AppError(`mydata.delete.errors.${obstaclesNow[0]!.kind}`, 409, obstacleParams(obstaclesNow[0]!));
      const signupsCancelled = await cancelFutureSignups(tx, userId, now);

      // Certificates stay (the hours are kept by law), with the name on their snapshot masked.
      const certificates = await tx.serviceCertificate.findMany({ where: { userId }, select: { id: true, snapshot: true } });
      for (const c of certificates) {
        const snap = (c.snapshot ?? {}) as Record<string, unknown>;
        const realName = typeof snap.realName === "string" ? maskName(snap.realName) : null;
        await tx.serviceCertificate.update({ where: { id: c.id }, data: { snapshot: { ...snap, realName } as Prisma.InputJsonValue } });
      }

      // Money stays whole: amounts, statuses and ledger entries are untouched; only the person goes.
      const donations = await tx.donation.findMany({ where: { donorUserId: userId }, select: { id: true, campaignId: true, fundId: true } });
      const donationIds = donations.map((d) => d.id);
      await tx.donation.updateMany({ where: { donorUserId: userId }, data: { donorName: ANONYMOUS_DONOR, donorEmail: null, anonymous: true, message: null, donorUserId: null } });
      // The ledger's copy of the name: the one change its append-only trigger allows (migration
      // 20261203092000_ledger_donor_name_erasure); amounts and accounts stay as they were.
      if (donationIds.length) await tx.ledgerTransaction.updateMany({ where: { donationId: { in: donationIds }, donorName: { not: null } }, data: { donorName: ANONYMOUS_DONOR } });
      // Receipts already issued are accounting vouchers of the organization: their payer stays on them.
      await tx.donationReceiptRequest.updateMany({ where: { donationId: { in: donationIds }, status: { not: "ISSUED" } }, data: { payerName: ANONYMOUS_DONOR, taxId: null, email: null } });
      await tx.donationReceiptRequest.updateMany({ where: { donationId: { in: donationIds } }, data: { email: null } });
      await tx.monthlyGift.updateMany({ where: { donorUserId: userId }, data: { donorName: ANONYMOUS_DONOR, anonymous: true } });

      // Shop orders keep their money and lines; the delivery details go.
      const orders = await tx.shopOrder.updateMany({ where: { buyerUserId: userId, anonymisedAt: null }, data: { recipientName: ANONYMISED, recipientPhone: ANONYMISED, address: ANONYMISED, anonymisedAt: now } });
      await tx.shopOrder.updateMany({ where: { buyerUserId: userId }, data: { buyerUserId: null } });
      await tx.shopCheckout.updateMany({ where: { buyerUserId: userId }, data: { buyerUserId: null, buyerEmail: null } });

      const memberships = await tx.orgMembership.deleteMany({ where: { userId } });
      await tx.orgInvitation.deleteMany({ where: { email: user.email, status: "PENDING" } });
      const notifications = await tx.notification.deleteMany({ where: { userId } });
      const messages = await tx.messageOutbox.deleteMany({ where: { recipient: { in: [userId, user.email] }, status: { not: "SENT" } } });
      await tx.emailToken.deleteMany({ where: { userId } });
      await tx.session.deleteMany({ where: { userId } });
      await tx.loginAttempt.deleteMany({ where: { email: user.email } });
      await tx.loginThrottle.deleteMany({ where: { key: accountKey(user.email) } });
      // Decided requests are erased now (as retention would later); open ones keep their contact so
      // the case can still be handled (it may be for a neighbour), and retention erases them once decided.
      const helpDocs = await tx.helpRequestDocument.findMany({ where: { request: { submittedById: userId, status: { in: [...DECIDED_HELP_STATUSES] } } }, select: { fileId: true } });
      objectKeys = await objectKeysOf(tx, { id: { in: helpDocs.map((d) => d.fileId) } });
      await tx.fileUpload.deleteMany({ where: { id: { in: helpDocs.map((d) => d.fileId) } } });
      await tx.helpRequest.updateMany({ where: { submittedById: userId, status: { in: [...DECIDED_HELP_STATUSES] } }, data: ERASED_HELP_REQUEST });
      await tx.helpRequest.updateMany({ where: { submittedById: userId }, data: { submittedById: null } });
      await tx.abuseReport.updateMany({ where: { reporterId: userId }, data: { reporterId: null, contact: null } });
      await tx.buyingUnit.updateMany({ where: { managerUserId: userId }, data: { managerUserId: null } });
      await tx.producer.updateMany({ where: { accountUserId: userId }, data: { accountUserId: null } });
      // Where they stood: positions of check-ins are theirs; the events stay as evidence for the hours.
      await tx.checkInEvent.updateMany({ where: { userId }, data: { latitude: null, longitude: null, accuracyM: null, deviceHash: null } });
      // ID hash, masked ID, phone, real name and the encrypted ID all go with the profile.
      await tx.volunteerProfile.deleteMany({ where: { userId } });
      await tx.user.update({
        where: { id: userId },
        data: { email: deletedEmail(userId), displayName: DELETED_DISPLAY_NAME, passwordHash: tombstoneHash, districtCode: null, globalRole: "USER", emailVerifiedAt: null, deletedAt: now, disabledAt: now, passwordChangedAt: now },
      });

      // Public pages that counted them (donor walls, sign-up counts) are re-read by the index worker.
      for (const id of new Set(donations.flatMap((d) => (d.campaignId ? [d.campaignId] : [])))) await enqueueSearch(tx, "campaign", id);
      for (const id of new Set(donations.flatMap((d) => (d.fundId ? [d.fundId] : [])))) await enqueueSearch(tx, "fund", id);

      const counts = { signupsCancelled, certificates: certificates.length, donations: donations.length, orders: orders.count, memberships: memberships.count, notifications: notifications.count, messages: messages.count };
      // No personal data in the trail: the tombstone's id and the counts only.
      await recordAudit({ actorId: userId, action: "user.deleted", entityType: "User", entityId: userId, after: counts }, tx);
      return counts;
    },
    { maxWait: 60_000, timeout: 60_000 },
  );
  await removeObjects(objectKeys);
  return counts;
}

function obstacleParams(o: DeletionObstacle): Record<string, string> {
  switch (o.kind) {
    case "soleOwner":
      return { org: o.orgName };
    case "openOrder":
    case "orderRefund":
      return { number: o.number };
    case "donationRefund":
      return { donation: o.donationId };
    case "monthlyGift":
      return { gift: o.giftId };
  }
}
