/**
 * Official donation receipts (公益事业捐赠票据, 财综〔2024〕1号). The receiving organization issues
 * them from what its finance department allots; the platform only carries the request to it and
 * records what it issued (票据代码, 票据号码, 开票日期 and the electronic receipt, uploaded or
 * linked), never makes a receipt up. At most one open request (REQUESTED or ISSUED) per donation;
 * a void keeps the row with its reason, and a reissue is a new request pointing to the voided one.
 *
 * This file holds the donor's side (request, status, download) and what both sides share; the
 * organization's side (queue, issue, void, reissue) is in official-receipt-issue.server.ts.
 */
import { data } from "@remix-run/node";
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { formToObject, parseWithSchema } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import type { Prisma } from "~/generated/prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { ORG_PERMISSIONS } from "~/modules/organizations/permissions.server";
import { checkUpload, DOCUMENT_TYPES, type UploadedFile } from "~/modules/files/files.server";
import { fileResponse, storedFileSelect, type StoredFile } from "~/modules/files/uploads.server";
import { maskIdNumber } from "~/modules/accounts/id-number";
import { payerShape, type PayerInput } from "./official-receipt-schema";

/** Donations a receipt can be made out for: paid, not fully refunded, not held by a suspension. */
const RECEIPTABLE = ["PAID", "PARTLY_REFUNDED"] as const;
export const OPEN_STATUSES = ["REQUESTED", "ISSUED"] as const;

type EligibilityRow = { status: string; heldAt: Date | null; amountFen: bigint; refundedFen: bigint };

export function receiptEligible(d: EligibilityRow) {
  return (RECEIPTABLE as readonly string[]).includes(d.status) && !d.heldAt && d.refundedFen < d.amountFen;
}

/** What the receipt is for: the donation less what was refunded. */
export const receiptableFen = (d: { amountFen: bigint; refundedFen: bigint }) => d.amountFen - d.refundedFen;

/** A person's tax id is usually their ID number: shown in full only on the request itself. */
export function maskTaxId(kind: string, taxId: string | null) {
  if (!taxId) return null;
  return kind === "COMPANY" ? taxId : maskIdNumber(taxId);
}

// ───────────── Uploads: PDF, OFD or an image of the receipt ─────────────

export const OFD_MIME = "application/ofd";

/**
 * OFD (GB/T 33190, the format of China's electronic invoices and receipts) is a ZIP package whose
 * entry point is OFD.xml; the name appears in the local and central headers of the archive.
 */
export function looksLikeOfd(buf: Buffer) {
  return buf.length > 30 && buf.readUInt32LE(0) === 0x04034b50 && buf.includes("OFD.xml", 0, "latin1");
}

/** Field error key, or null when the file is an acceptable receipt (its type sniffed, not trusted). */
export function checkReceiptUpload(file: UploadedFile): string | null {
  if (file.tooLarge) return "common.files.tooLarge";
  if (looksLikeOfd(file.data)) {
    file.mimeType = OFD_MIME;
    return null;
  }
  return checkUpload(file, DOCUMENT_TYPES);
}

/** Serves a private receipt file to someone already allowed to have it (a signed link with S3). */
export function receiptFileResponse(file: StoredFile) {
  return fileResponse(file, "PRIVATE");
}

// ───────────── The donor's side ─────────────

const donorDonationSelect = {
  id: true,
  orgId: true,
  status: true,
  heldAt: true,
  amountFen: true,
  refundedFen: true,
  donorUserId: true,
  donorEmail: true,
  donorName: true,
  accessToken: true,
} as const;
export type DonorDonation = Prisma.DonationGetPayload<{ select: typeof donorDonationSelect }>;

/** The signed-in donor's own donation, or null (another person's donation is not found). */
export function donationOfDonor(donationId: string, userId: string) {
  return prisma.donation.findFirst({ where: { id: donationId, donorUserId: userId }, select: donorDonationSelect });
}

/** The donation behind a thank-you page token (the token stands in for a sign-in). */
export function donationByToken(token: string) {
  return prisma.donation.findUnique({ where: { accessToken: token }, select: donorDonationSelect });
}

/** The donor's view of their receipt requests: the open one, the voided ones, and whether they may ask. */
export async function donorReceiptState(d: DonorDonation) {
  const rows = await prisma.donationReceiptRequest.findMany({
    where: { donationId: d.id },
    select: { id: true, status: true, payerKind: true, payerName: true, taxId: true, receiptCode: true, receiptNumber: true, issuedOn: true, fileId: true, link: true, voidReason: true, createdAt: true, updatedAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 10,
  });
  const open = rows.find((r) => (OPEN_STATUSES as readonly string[]).includes(r.status)) ?? null;
  const last = rows[0] ?? null;
  return {
    canRequest: receiptEligible(d) && !open,
    guest: !d.donorUserId,
    defaults: {
      payerKind: last?.payerKind ?? "PERSON",
      payerName: last?.payerName ?? d.donorName,
      taxId: last?.taxId ?? "",
      email: d.donorEmail ?? "",
    },
    requests: rows.map((r) => ({
      id: r.id,
      status: r.status,
      payerKind: r.payerKind,
      payerName: r.payerName,
      taxId: r.taxId,
      receiptCode: r.receiptCode,
      receiptNumber: r.receiptNumber,
      issuedOn: r.issuedOn?.toISOString().slice(0, 10) ?? null,
      hasFile: Boolean(r.fileId),
      link: r.link,
      voidReason: r.voidReason,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}
export type DonorReceiptState = Awaited<ReturnType<typeof donorReceiptState>>;

/** Who in the organization hears of a new request: those holding "org:finance". */
async function tellFinance(db: Db, orgId: string, requestId: string, params: Record<string, string>, except: string | null) {
  const members = await db.orgMembership.findMany({ where: { orgId, role: { in: [...ORG_PERMISSIONS["org:finance"]] } }, select: { userId: true } });
  for (const m of members) if (m.userId !== except) await notify(db, m.userId, "receipts.requested", params, `/org/${orgId}/receipts/${requestId}`);
}

/**
 * The donor asks for a receipt. The donation row is locked first, so two submissions at once
 * cannot both find "no open request". A request after a void points to the voided one (the trail).
 */
export async function requestOfficialReceipt(input: { donationId: string; requestedById: string | null; payer: PayerInput }) {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Donation" WHERE id = ${input.donationId} FOR UPDATE`;
    const d = await tx.donation.findUnique({ where: { id: input.donationId }, select: { ...donorDonationSelect, campaign: { select: { title: true } }, fund: { select: { name: true } } } });
    if (!d) throw new AppError("errors.http.404", 404);
    if (!receiptEligible(d)) throw new AppError("receipts.errors.notEligible", 409);
    const open = await tx.donationReceiptRequest.count({ where: { donationId: d.id, status: { in: [...OPEN_STATUSES] } } });
    if (open) throw new AppError("receipts.errors.openExists", 409);
    const email = input.payer.email ?? (d.donorUserId ? null : d.donorEmail);
    if (!d.donorUserId && !email) throw new AppError("receipts.validation.emailRequired", 400, {}, { email: "receipts.validation.emailRequired" });
    const voided = await tx.donationReceiptRequest.findFirst({ where: { donationId: d.id, status: "VOIDED", replacedBy: null }, select: { id: true }, orderBy: { createdAt: "desc" } });
    const row = await tx.donationReceiptRequest.create({
      data: { donationId: d.id, orgId: d.orgId, payerKind: input.payer.payerKind, payerName: input.payer.payerName, taxId: input.payer.taxId, email, requestedById: input.requestedById, replacesId: voided?.id ?? null },
      select: { id: true },
    });
    await recordAudit({ actorId: input.requestedById, action: "receipt.requested", entityType: "DonationReceiptRequest", entityId: row.id, orgId: d.orgId, after: { donationId: d.id, payerKind: input.payer.payerKind, replacesId: voided?.id ?? null } }, tx);
    await tellFinance(tx, d.orgId, row.id, { amount: (Number(receiptableFen(d)) / 100).toFixed(2), target: d.campaign?.title ?? d.fund?.name ?? "" }, d.donorUserId);
    return row;
  });
}

/**
 * The request form on the donor's pages (their donation page, or the guest's thank-you page):
 * validated with the donation's own rules (a guest must leave an e-mail), 400 with the typed
 * values on a mistake, then back to the page with a flash.
 */
export async function officialReceiptAction(request: Request, d: DonorDonation, opts: { back: string; requestedById: string | null }) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(payerShape(!d.donorUserId), values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => requestOfficialReceipt({ donationId: d.id, requestedById: opts.requestedById, payer: parsed.data }));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, opts.back, "receipts.flash.requested");
}

/** The file of the donation's issued receipt, or null (none issued, voided, or only linked). */
export async function issuedReceiptFile(donationId: string) {
  const r = await prisma.donationReceiptRequest.findFirst({
    where: { donationId, status: "ISSUED", fileId: { not: null } },
    select: { file: { select: storedFileSelect } },
    orderBy: { createdAt: "desc" },
  });
  return r?.file ?? null;
}
