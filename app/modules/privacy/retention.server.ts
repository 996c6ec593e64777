/**
 * Retention: personal data that has served its purpose is erased after a configured period
 * (RETENTION_*_DAYS in app/utils/env.server.ts), by `npm run jobs:retention`. The rows that
 * statistics and accounts need stay, without the person in them. Idempotent: an erased record is
 * not matched again.
 */
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { ANONYMISED } from "~/modules/shop/orders.server";
import { DECIDED_HELP_STATUSES, ERASED, ERASED_HELP_REQUEST } from "./erasure";
import { objectKeysOf, removeObjects } from "~/modules/files/uploads.server";

const DAY = 86_400_000;
/** Rows handled per kind and run; a backlog is worked off by the next runs. */
const BATCH = 2000;

export type RetentionPeriods = { helpRequestDays: number; deliveryAddressDays: number; verificationDocumentDays: number };

export function retentionPeriods(): RetentionPeriods {
  const env = getEnv();
  return { helpRequestDays: env.RETENTION_HELP_REQUEST_DAYS, deliveryAddressDays: env.RETENTION_DELIVERY_ADDRESS_DAYS, verificationDocumentDays: env.RETENTION_VERIFICATION_DOCUMENT_DAYS };
}

/**
 * Help requests decided (converted, referred, closed) longer ago than the period: the request text,
 * contact, medical and child details, place below the district and documents go; category,
 * district, status and dates stay for the statistics.
 */
async function eraseHelpRequests(now: Date, days: number) {
  const cutoff = new Date(now.getTime() - days * DAY);
  const due = await prisma.helpRequest.findMany({
    where: {
      status: { in: [...DECIDED_HELP_STATUSES] },
      contactName: { not: ERASED },
      OR: [{ handledAt: { lt: cutoff } }, { handledAt: null, updatedAt: { lt: cutoff } }],
    },
    select: { id: true },
    take: BATCH,
  });
  if (!due.length) return { requests: 0, documents: 0 };
  const ids = due.map((r) => r.id);
  let objectKeys: string[] = [];
  const result = await prisma.$transaction(async (tx) => {
    // The document rows cascade from their files.
    const docs = await tx.helpRequestDocument.findMany({ where: { requestId: { in: ids } }, select: { fileId: true } });
    objectKeys = await objectKeysOf(tx, { id: { in: docs.map((d) => d.fileId) } });
    const documents = await tx.fileUpload.deleteMany({ where: { helpRequestDocument: { requestId: { in: ids } } } });
    await tx.helpRequest.updateMany({
      where: { id: { in: ids } },
      data: ERASED_HELP_REQUEST,
    });
    await recordAudit({ actorId: null, action: "privacy.retention.help_requests", entityType: "HelpRequest", entityId: "batch", after: { count: ids.length, documents: documents.count, days } }, tx);
    return { requests: ids.length, documents: documents.count };
  });
  await removeObjects(objectKeys);
  return result;
}

/** Delivery details of orders that ended (delivered, cancelled or refunded) longer ago than the period. */
async function eraseDeliveryAddresses(now: Date, days: number) {
  const cutoff = new Date(now.getTime() - days * DAY);
  const due = await prisma.shopOrder.findMany({
    where: {
      anonymisedAt: null,
      OR: [
        { status: "COMPLETED", completedAt: { lt: cutoff } },
        { status: "RECEIVED", receivedAt: { lt: cutoff } },
        { status: { in: ["CANCELLED", "REFUNDED"] }, updatedAt: { lt: cutoff } },
      ],
    },
    select: { id: true },
    take: BATCH,
  });
  if (!due.length) return 0;
  const ids = due.map((o) => o.id);
  await prisma.$transaction(async (tx) => {
    await tx.shopOrder.updateMany({ where: { id: { in: ids }, anonymisedAt: null }, data: { recipientName: ANONYMISED, recipientPhone: ANONYMISED, address: ANONYMISED, anonymisedAt: now } });
    await recordAudit({ actorId: null, action: "privacy.retention.delivery_addresses", entityType: "ShopOrder", entityId: "batch", after: { count: ids.length, days } }, tx);
  });
  return ids.length;
}

/**
 * Private verification documents no decision still needs: those of qualification requests decided
 * (or withdrawn) longer ago than the period, and the private files of registrations refused that long ago.
 */
async function deleteVerificationDocuments(now: Date, days: number) {
  const cutoff = new Date(now.getTime() - days * DAY);
  const [qualification, rejected] = await Promise.all([
    prisma.qualificationRequest.findMany({
      where: { documentId: { not: null }, status: { in: ["APPROVED", "REJECTED", "WITHDRAWN"] }, OR: [{ reviewedAt: { lt: cutoff } }, { reviewedAt: null, createdAt: { lt: cutoff } }] },
      select: { documentId: true },
      take: BATCH,
    }),
    prisma.fileUpload.findMany({ where: { visibility: "PRIVATE", org: { status: "REJECTED", updatedAt: { lt: cutoff } } }, select: { id: true }, take: BATCH }),
  ]);
  const ids = [...new Set([...qualification.map((q) => q.documentId!), ...rejected.map((f) => f.id)])];
  if (!ids.length) return 0;
  let objectKeys: string[] = [];
  const count = await prisma.$transaction(async (tx) => {
    objectKeys = await objectKeysOf(tx, { id: { in: ids } });
    const res = await tx.fileUpload.deleteMany({ where: { id: { in: ids } } });
    await recordAudit({ actorId: null, action: "privacy.retention.verification_documents", entityType: "FileUpload", entityId: "batch", after: { count: res.count, days } }, tx);
    return res.count;
  });
  // The objects go after the rows: a failure leaves an unreferenced object, never a dangling row.
  await removeObjects(objectKeys);
  return count;
}

export async function enforceRetention(now = new Date(), periods: RetentionPeriods = retentionPeriods()) {
  const help = await eraseHelpRequests(now, periods.helpRequestDays);
  const addresses = await eraseDeliveryAddresses(now, periods.deliveryAddressDays);
  const documents = await deleteVerificationDocuments(now, periods.verificationDocumentDays);
  return { helpRequests: help.requests, helpRequestDocuments: help.documents, deliveryAddresses: addresses, verificationDocuments: documents };
}
