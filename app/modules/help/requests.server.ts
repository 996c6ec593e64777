/**
 * 求助 from the public side: filing a request (anyone, signed in or not) and following it by its
 * tracking code. Nothing here is ever indexed, logged or shown publicly; the tracking page shows
 * only category, date, status and the staff's outcome note.
 */
import { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { countAttempt } from "~/modules/accounts/rate-limit.server";
import type { UploadedFile } from "~/modules/files/files.server";
import type { HelpRequestInput } from "./schema";
import { hashIp, hashTrackingCode, newTrackingCode } from "./tracking.server";
import { saveUpload } from "~/modules/files/uploads.server";

/** Saved requests per address and per signed-in account in one hour. */
export const MAX_REQUESTS_PER_HOUR = 5;
/** Tracking look-ups per address (the sign-in throttle's window and back-off, see rate-limit.server). */
export const MAX_TRACK_LOOKUPS = 10;

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

export type Submitter = { ip: string; userId: string | null };

/**
 * Saves a request and returns its tracking code (never stored: only its keyed hash). The hourly
 * limit counts saved requests of the address and of the account; an advisory lock on the address
 * makes simultaneous posts queue, so the sixth of a burst is refused.
 */
export async function submitHelpRequest(input: HelpRequestInput, documents: UploadedFile[], who: Submitter, now = new Date()) {
  const ipHash = hashIp(who.ip);
  const code = newTrackingCode();
  const since = new Date(now.getTime() - 3600_000);
  const request = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`help:${ipHash}`}))`;
    const fromAddress = await tx.helpRequest.count({ where: { ipHash, createdAt: { gt: since } } });
    const fromUser = who.userId ? await tx.helpRequest.count({ where: { submittedById: who.userId, createdAt: { gt: since } } }) : 0;
    if (fromAddress >= MAX_REQUESTS_PER_HOUR || fromUser >= MAX_REQUESTS_PER_HOUR) throw new AppError("help.errors.rateLimited", 429);
    const consentAt = now;
    const created = await tx.helpRequest.create({
      data: {
        codeHash: hashTrackingCode(code),
        category: input.category,
        districtCode: input.districtCode,
        town: input.town,
        village: input.village,
        needText: input.needText,
        forWhom: input.forWhom,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        medicalDetails: input.medicalDetails,
        medicalConsentAt: input.medicalDetails ? consentAt : null,
        involvesChild: input.involvesChild,
        childDetails: input.childDetails,
        guardianName: input.guardianName,
        guardianConsentAt: input.childDetails ? consentAt : null,
        submittedById: who.userId,
        ipHash,
        createdAt: now,
      },
      select: { id: true },
    });
    for (const d of documents) {
      const file = await saveUpload(tx, { orgId: null, uploadedById: who.userId, purpose: "help-request", visibility: "PRIVATE", file: d });
      await tx.helpRequestDocument.create({ data: { requestId: created.id, fileId: file.id } });
    }
    return created;
  }, TX);
  return { id: request.id, code };
}

const trackSelect = { id: true, category: true, createdAt: true, status: true, outcomeNote: true, handledAt: true, needId: true } satisfies Prisma.HelpRequestSelect;
export type TrackedRequest = Prisma.HelpRequestGetPayload<{ select: typeof trackSelect }>;

/**
 * Looks a request up by its tracking code. Every well-formed look-up from the address is counted
 * first (the sign-in throttle's helper), so guessing codes locks the address out; a wrong code
 * and a locked address both answer without saying whether any request exists.
 */
export async function trackByCode(code: string, ip: string, now = new Date()): Promise<TrackedRequest> {
  const counted = await countAttempt(`help-track:${hashIp(ip)}`, MAX_TRACK_LOOKUPS, now);
  if (counted.refused) throw new AppError("help.errors.trackLimited", 429);
  const found = await prisma.helpRequest.findUnique({ where: { codeHash: hashTrackingCode(code) }, select: trackSelect });
  if (!found) throw new AppError("help.errors.notFound", 404);
  return found;
}

/** A signed-in person's own requests (what the tracking page shows, nothing more). */
export async function listMyRequests(userId: string) {
  return prisma.helpRequest.findMany({ where: { submittedById: userId }, select: trackSelect, orderBy: { createdAt: "desc" }, take: 20 });
}
