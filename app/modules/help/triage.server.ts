/**
 * Staff triage of help requests: the queue (no request text), the audited detail, and the three
 * outcomes — convert into a public need written by the staff member, refer to social assistance
 * (社会救助), or close with a reason. District staff (User.districtCode) see only their district.
 * Nobody triages a request they filed themselves.
 */
import type { Prisma } from "~/generated/prisma/client";
import { prisma, replica, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { paginate } from "~/utils/pagination";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { kickSearchOutbox } from "~/modules/search-outbox/worker.server";
import { createOpenNeed } from "~/modules/needs/needs.server";
import type { NeedInput } from "~/modules/needs/schema";
import type { HelpStatus } from "./schema";

const TX = { maxWait: 10_000, timeout: 20_000 } as const;
export const QUEUE_PAGE_SIZE = 30;

export type StaffScope = { userId: string; districtCode: string | null };

/** City staff and admins see every district; a BUREAU_STAFF with a district sees only that one. */
export async function staffScope(userId: string): Promise<StaffScope> {
  const u = await prisma.user.findUnique({ where: { id: userId }, select: { globalRole: true, districtCode: true } });
  if (!u || (u.globalRole !== "BUREAU_STAFF" && u.globalRole !== "BUREAU_ADMIN")) throw new AppError("errors.http.403", 403);
  return { userId, districtCode: u.globalRole === "BUREAU_STAFF" ? u.districtCode : null };
}

const queueSelect = { id: true, category: true, districtCode: true, status: true, createdAt: true, handledAt: true } satisfies Prisma.HelpRequestSelect;

function queueWhere(scope: StaffScope, f: { status: HelpStatus; district?: string }): Prisma.HelpRequestWhereInput {
  return { status: f.status, districtCode: scope.districtCode ?? f.district };
}

/** One page of the queue, oldest first: category, district, dates and status only. */
export async function listQueue(scope: StaffScope, f: { status: HelpStatus; district?: string }, page: number) {
  const where = queueWhere(scope, f);
  const { rows, pagination } = await paginate(
    page,
    QUEUE_PAGE_SIZE,
    () => prisma.helpRequest.count({ where }),
    (w) => prisma.helpRequest.findMany({ where, select: queueSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }], ...w }),
  );
  return { requests: rows, pagination };
}

/** The whole filtered queue for the spreadsheet (no personal data, no request text), from the read replica. */
export async function exportQueue(scope: StaffScope, f: { status: HelpStatus; district?: string }) {
  return replica().helpRequest.findMany({ where: queueWhere(scope, f), select: { ...queueSelect, forWhom: true, documents: { select: { id: true } } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 10_000 });
}

const detailSelect = {
  id: true,
  category: true,
  districtCode: true,
  town: true,
  village: true,
  needText: true,
  forWhom: true,
  contactName: true,
  contactPhone: true,
  medicalDetails: true,
  medicalConsentAt: true,
  involvesChild: true,
  childDetails: true,
  guardianName: true,
  guardianConsentAt: true,
  submittedById: true,
  status: true,
  outcomeNote: true,
  needId: true,
  handledById: true,
  handledAt: true,
  createdAt: true,
  documents: { select: { file: { select: { id: true, fileName: true, mimeType: true, size: true } } }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.HelpRequestSelect;

/**
 * May this user open a document of a help request in `districtCode` (diagnoses, household proof)?
 * Only staff whose scope covers the district, as for the request itself; each opening is audited
 * as the request's sensitive view is.
 */
export async function canReadHelpDocument(userId: string, request: { id: string; districtCode: string }, fileId: string) {
  const scope = await staffScope(userId).catch(() => null);
  if (!scope || (scope.districtCode && scope.districtCode !== request.districtCode)) return false;
  await recordAudit({ actorId: userId, action: "help_request.document_viewed", entityType: "HelpRequest", entityId: request.id, after: { fileId } });
  return true;
}

function inScope(scope: StaffScope, districtCode: string) {
  if (scope.districtCode && scope.districtCode !== districtCode) throw new AppError("errors.http.403", 403);
}

/**
 * The full request for triage. Opening one that holds medical or child details is itself recorded
 * in the audit trail (who saw sensitive data, when), without the data.
 */
export async function viewRequest(scope: StaffScope, requestId: string) {
  const r = await prisma.helpRequest.findUnique({ where: { id: requestId }, select: detailSelect });
  if (!r) throw new AppError("errors.http.404", 404);
  inScope(scope, r.districtCode);
  if (r.medicalDetails || r.childDetails) {
    await recordAudit({ actorId: scope.userId, action: "help_request.sensitive_viewed", entityType: "HelpRequest", entityId: r.id, after: { medical: Boolean(r.medicalDetails), child: Boolean(r.childDetails) } });
  }
  return r;
}

type Locked = { id: string; districtCode: string; status: string; submittedById: string | null; contactName: string; contactPhone: string; guardianName: string | null; needText: string; medicalDetails: string | null; childDetails: string | null };

/** Locks the request for a decision: in scope, still new, and not the decider's own. */
async function lockForDecision(tx: Db, scope: StaffScope, requestId: string): Promise<Locked> {
  await tx.$queryRawUnsafe(`SELECT id FROM "HelpRequest" WHERE id = $1 FOR UPDATE`, requestId);
  const r = await tx.helpRequest.findUnique({ where: { id: requestId }, select: { id: true, districtCode: true, status: true, submittedById: true, contactName: true, contactPhone: true, guardianName: true, needText: true, medicalDetails: true, childDetails: true } });
  if (!r) throw new AppError("errors.http.404", 404);
  inScope(scope, r.districtCode);
  if (r.submittedById === scope.userId) throw new AppError("help.errors.ownRequest", 403);
  if (r.status !== "NEW") throw new AppError("help.errors.alreadyHandled", 409);
  return r;
}

/** Windows of `n` characters of a text (the whole text when shorter), ignoring spaces. */
function windows(text: string, n: number) {
  const s = text.replace(/\s+/g, "");
  if (s.length <= n) return s.length >= 4 ? [s] : [];
  const out: string[] = [];
  for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  return out;
}

/**
 * Which field of the public need carries something of the person: their name, the guardian's name,
 * the phone number, a passage of the medical or child details, or the request text copied whole.
 * The need is public and searchable, so the staff member writes it in their own words.
 */
export function findLeak(r: Pick<Locked, "contactName" | "contactPhone" | "guardianName" | "needText" | "medicalDetails" | "childDetails">, input: NeedInput): { field: string; messageKey: string } | null {
  const publicFields: [string, string | undefined][] = [
    ["title", input.title],
    ["description", input.description],
    ["town", input.town],
    ["village", input.village],
    ...input.goods.map((g): [string, string] => ["goods", g.name]),
  ];
  const phoneDigits = r.contactPhone.replace(/\D/g, "");
  for (const [field, raw] of publicFields) {
    if (!raw) continue;
    const text = raw.replace(/\s+/g, "");
    const names = [r.contactName, r.guardianName].filter((n): n is string => Boolean(n && n.replace(/\s+/g, "").length >= 2));
    if (names.some((n) => text.includes(n.replace(/\s+/g, "")))) return { field, messageKey: "help.errors.leakName" };
    if (phoneDigits.length >= 7 && raw.replace(/\D/g, "").includes(phoneDigits.slice(-7))) return { field, messageKey: "help.errors.leakPhone" };
    for (const sensitive of [r.medicalDetails, r.childDetails]) {
      if (sensitive && windows(sensitive, 10).some((w) => text.includes(w))) return { field, messageKey: "help.errors.leakSensitive" };
    }
    const request = r.needText.replace(/\s+/g, "");
    if (field === "description" && (text === request || windows(r.needText, 30).some((w) => text.includes(w)))) return { field, messageKey: "help.errors.leakCopied" };
  }
  return null;
}

async function tellSubmitter(tx: Db, submittedById: string | null) {
  // Only a link: the notification and its e-mail carry nothing of the request.
  if (submittedById) await notify(tx, submittedById, "help.outcome", {}, "/help/track");
}

/** Turns the request into an open public need written by the staff member, and links the two. */
export async function convertToNeed(scope: StaffScope, requestId: string, input: NeedInput, note: string | undefined) {
  const need = await prisma.$transaction(async (tx) => {
    const r = await lockForDecision(tx, scope, requestId);
    const leak = findLeak(r, input);
    if (leak) throw new AppError(leak.messageKey, 400, {}, { [leak.field]: leak.messageKey });
    const need = await createOpenNeed(tx, scope.userId, input);
    const now = new Date();
    await tx.helpRequest.update({ where: { id: r.id }, data: { status: "CONVERTED", needId: need.id, outcomeNote: note ?? null, handledById: scope.userId, handledAt: now } });
    await recordAudit({ actorId: scope.userId, action: "help_request.converted", entityType: "HelpRequest", entityId: r.id, before: { status: "NEW" }, after: { status: "CONVERTED", needId: need.id } }, tx);
    await tellSubmitter(tx, r.submittedById);
    return need;
  }, TX);
  void kickSearchOutbox();
  return need;
}

/** Refers the request to social assistance, or closes it; the note is what the requester reads. */
export async function decideRequest(scope: StaffScope, requestId: string, intent: "refer" | "close", note: string) {
  const to = intent === "refer" ? "REFERRED" : "CLOSED";
  await prisma.$transaction(async (tx) => {
    const r = await lockForDecision(tx, scope, requestId);
    await tx.helpRequest.update({ where: { id: r.id }, data: { status: to, outcomeNote: note, handledById: scope.userId, handledAt: new Date() } });
    await recordAudit({ actorId: scope.userId, action: intent === "refer" ? "help_request.referred" : "help_request.closed", entityType: "HelpRequest", entityId: r.id, reason: note, before: { status: "NEW" }, after: { status: to } }, tx);
    await tellSubmitter(tx, r.submittedById);
  }, TX);
}
