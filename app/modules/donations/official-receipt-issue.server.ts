/**
 * The organization's side of official donation receipts (see official-receipts.server.ts): the
 * queue, recording an issued receipt, voiding and reissuing. Everything is audited in the same
 * transaction as the change, and the donor is told (in-app and by e-mail for an account; by an
 * outbox e-mail for a guest). Nobody records, voids or reissues a receipt for their own donation.
 */
import { data } from "@remix-run/node";
import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { formToObject, parseWithSchema } from "~/utils/forms";
import { isoDate } from "~/utils/format";
import { paginate } from "~/utils/pagination";
import { redirectWithFlash, runAction } from "~/utils/responses.server";
import type { Prisma } from "~/generated/prisma/client";
import type { ReceiptRequestStatus } from "~/generated/prisma/enums";
import { recordAudit } from "~/modules/audit/audit.server";
import { notify } from "~/modules/notifications/notifications.server";
import { parseMultipart, type UploadedFile } from "~/modules/files/files.server";
import { intentSchema, issueSchema, payerShape, RECEIPT_FILE_MAX_BYTES, RECEIPT_STATUSES, voidSchema, type IssueInput, type PayerInput } from "./official-receipt-schema";
import { checkReceiptUpload, maskTaxId, OPEN_STATUSES, receiptableFen, receiptEligible } from "./official-receipts.server";
import { saveUpload } from "~/modules/files/uploads.server";

export const RECEIPT_QUEUE_PAGE_SIZE = 30;

type Actor = { id: string; email: string };

// ───────────── Reading ─────────────

export async function listReceiptQueue(orgId: string, status: ReceiptRequestStatus, page: number) {
  const where = { orgId, status };
  const [{ rows, pagination }, counts] = await Promise.all([
    paginate(
      page,
      RECEIPT_QUEUE_PAGE_SIZE,
      () => prisma.donationReceiptRequest.count({ where }),
      (w) =>
        prisma.donationReceiptRequest.findMany({
          where,
          select: {
            id: true,
            status: true,
            payerKind: true,
            payerName: true,
            taxId: true,
            receiptNumber: true,
            issuedOn: true,
            createdAt: true,
            replacesId: true,
            donation: { select: { amountFen: true, refundedFen: true, paidAt: true, campaign: { select: { title: true } }, fund: { select: { name: true } } } },
          },
          // Oldest first: the queue is worked through in order.
          orderBy: status === "REQUESTED" ? [{ createdAt: "asc" }, { id: "asc" }] : [{ updatedAt: "desc" }, { id: "desc" }],
          ...w,
        }),
    ),
    prisma.donationReceiptRequest.groupBy({ by: ["status"], where: { orgId }, _count: { _all: true } }),
  ]);
  return {
    pagination,
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<string, number>,
    items: rows.map((r) => ({
      id: r.id,
      status: r.status,
      payerKind: r.payerKind,
      payerName: r.payerName,
      taxId: maskTaxId(r.payerKind, r.taxId),
      receiptNumber: r.receiptNumber,
      issuedOn: r.issuedOn?.toISOString().slice(0, 10) ?? null,
      createdAt: r.createdAt.toISOString(),
      reissue: Boolean(r.replacesId),
      amountFen: receiptableFen(r.donation).toString(),
      paidAt: r.donation.paidAt?.toISOString() ?? null,
      target: r.donation.campaign?.title ?? r.donation.fund?.name ?? "",
    })),
  };
}

/** One request with its donation, the chain of requests it belongs to, and their audit trail. */
export async function getReceiptRequest(orgId: string, requestId: string) {
  const r = await prisma.donationReceiptRequest.findFirst({
    where: { id: requestId, orgId },
    select: {
      id: true,
      status: true,
      payerKind: true,
      payerName: true,
      taxId: true,
      email: true,
      receiptCode: true,
      receiptNumber: true,
      issuedOn: true,
      fileId: true,
      file: { select: { fileName: true, size: true } },
      link: true,
      voidReason: true,
      replacesId: true,
      replacedBy: { select: { id: true, status: true } },
      createdAt: true,
      donation: { select: { id: true, amountFen: true, refundedFen: true, status: true, heldAt: true, paidAt: true, receiptCode: true, donorUserId: true, campaign: { select: { title: true } }, fund: { select: { name: true } } } },
    },
  });
  if (!r) return null;
  const chain = await prisma.donationReceiptRequest.findMany({
    where: { donationId: r.donation.id },
    select: { id: true, status: true, receiptNumber: true, replacesId: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const trail = await prisma.auditLog.findMany({
    where: { entityType: "DonationReceiptRequest", entityId: { in: chain.map((c) => c.id) }, orgId },
    select: { id: true, action: true, entityId: true, reason: true, createdAt: true, actor: { select: { displayName: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const d = r.donation;
  return {
    ...r,
    issuedOn: r.issuedOn?.toISOString().slice(0, 10) ?? null,
    createdAt: r.createdAt.toISOString(),
    file: r.file ? { fileName: r.file.fileName, size: r.file.size } : null,
    donation: {
      id: d.id,
      status: d.status,
      amountFen: d.amountFen.toString(),
      receiptableFen: receiptableFen(d).toString(),
      eligible: receiptEligible(d),
      paidAt: d.paidAt?.toISOString() ?? null,
      paidOn: isoDate(d.paidAt),
      platformCode: d.receiptCode,
      guest: !d.donorUserId,
      target: d.campaign?.title ?? d.fund?.name ?? "",
    },
    chain: chain.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
    trail: trail.map((e) => ({ id: e.id.toString(), action: e.action, entityId: e.entityId, reason: e.reason, createdAt: e.createdAt.toISOString(), actor: e.actor?.displayName ?? null })),
  };
}

// ───────────── Changing ─────────────

const lockedSelect = {
  id: true,
  orgId: true,
  status: true,
  email: true,
  donation: { select: { id: true, status: true, heldAt: true, amountFen: true, refundedFen: true, paidAt: true, donorUserId: true, donorEmail: true, accessToken: true } },
} as const;
type Locked = Prisma.DonationReceiptRequestGetPayload<{ select: typeof lockedSelect }>;

/**
 * Locks the donation, then the request (always in that order, as the donor's request does, so the
 * two cannot deadlock), and checks it is this organization's and not the actor's own donation.
 */
async function lockRequest(tx: Db, orgId: string, requestId: string, actor: Actor): Promise<Locked> {
  const head = await tx.donationReceiptRequest.findUnique({ where: { id: requestId }, select: { orgId: true, donationId: true } });
  if (!head || head.orgId !== orgId) throw new AppError("errors.http.404", 404);
  await tx.$queryRaw`SELECT id FROM "Donation" WHERE id = ${head.donationId} FOR UPDATE`;
  await tx.$queryRaw`SELECT id FROM "DonationReceiptRequest" WHERE id = ${requestId} FOR UPDATE`;
  const r = await tx.donationReceiptRequest.findUniqueOrThrow({ where: { id: requestId }, select: lockedSelect });
  const d = r.donation;
  // The donor, by account or by the address a guest gave: nobody issues their own receipt.
  const own = d.donorUserId === actor.id || (Boolean(d.donorEmail) && d.donorEmail!.toLowerCase() === actor.email.toLowerCase());
  if (own) throw new AppError("receipts.errors.ownDonation", 403);
  return r;
}

/** Tells the donor: in-app (and e-mail) for an account, an outbox e-mail to the address left for a guest. */
async function tellDonor(tx: Db, r: Locked, kind: "issued" | "voided", extra: Record<string, string>, linkBase: string) {
  const d = r.donation;
  const org = await tx.organization.findUnique({ where: { id: r.orgId }, select: { name: true } });
  const params = { org: org?.name ?? "", ...extra };
  if (d.donorUserId) {
    await notify(tx, d.donorUserId, `receipts.${kind}`, params, `/me/donations/${d.id}/receipt`);
    return;
  }
  const to = r.email ?? d.donorEmail;
  if (!to) return;
  const link = `${linkBase}/donate/thanks/${encodeURIComponent(d.accessToken)}`;
  await tx.messageOutbox.create({ data: { channel: "email", recipient: to, template: `receipts.mail.${kind}`, payload: { params, link } as Prisma.InputJsonValue } });
}

export async function issueReceipt(input: { orgId: string; requestId: string; actor: Actor; receipt: IssueInput; file?: UploadedFile; linkBase: string }) {
  const { receipt } = input;
  return prisma.$transaction(async (tx) => {
    const r = await lockRequest(tx, input.orgId, input.requestId, input.actor);
    if (r.status !== "REQUESTED") throw new AppError("receipts.errors.notRequested", 409);
    if (!receiptEligible(r.donation)) throw new AppError("receipts.errors.notEligible", 409);
    if (r.donation.paidAt && receipt.issuedOn < isoDate(r.donation.paidAt)) {
      throw new AppError("receipts.validation.beforePayment", 400, {}, { issuedOn: "receipts.validation.beforePayment" });
    }
    // One receipt is one code + number: the same pair on another live request is a typing mistake.
    const taken = await tx.donationReceiptRequest.count({ where: { orgId: input.orgId, receiptCode: receipt.receiptCode, receiptNumber: receipt.receiptNumber, status: "ISSUED" } });
    if (taken) throw new AppError("receipts.errors.numberTaken", 409, {}, { receiptNumber: "receipts.errors.numberTaken" });
    let fileId: string | null = null;
    if (input.file) {
      const f = input.file;
      const row = await saveUpload(tx, { orgId: input.orgId, uploadedById: input.actor.id, purpose: "donation-receipt", visibility: "PRIVATE", file: f });
      fileId = row.id;
    }
    const issuedOn = new Date(`${receipt.issuedOn}T00:00:00Z`);
    const link = receipt.link ?? null;
    await tx.donationReceiptRequest.update({ where: { id: r.id }, data: { status: "ISSUED", receiptCode: receipt.receiptCode, receiptNumber: receipt.receiptNumber, issuedOn, fileId, link, issuedById: input.actor.id } });
    await recordAudit(
      { actorId: input.actor.id, action: "receipt.issued", entityType: "DonationReceiptRequest", entityId: r.id, orgId: input.orgId, before: { status: "REQUESTED" }, after: { status: "ISSUED", receiptCode: receipt.receiptCode, receiptNumber: receipt.receiptNumber, issuedOn: receipt.issuedOn, file: Boolean(fileId), link: Boolean(link) } },
      tx,
    );
    await tellDonor(tx, r, "issued", { code: receipt.receiptCode, number: receipt.receiptNumber }, input.linkBase);
    return { id: r.id };
  });
}

/** Voids an issued receipt, or declines a request, with the reason the donor is told. */
export async function voidReceipt(input: { orgId: string; requestId: string; actor: Actor; reason: string; linkBase: string }) {
  return prisma.$transaction(async (tx) => {
    const r = await lockRequest(tx, input.orgId, input.requestId, input.actor);
    if (r.status === "VOIDED") throw new AppError("receipts.errors.alreadyVoided", 409);
    await tx.donationReceiptRequest.update({ where: { id: r.id }, data: { status: "VOIDED", voidReason: input.reason } });
    await recordAudit({ actorId: input.actor.id, action: "receipt.voided", entityType: "DonationReceiptRequest", entityId: r.id, orgId: input.orgId, reason: input.reason, before: { status: r.status }, after: { status: "VOIDED" } }, tx);
    await tellDonor(tx, r, "voided", { reason: input.reason }, input.linkBase);
    return { id: r.id };
  });
}

/**
 * A new request replacing a voided one (corrected payer details), to be issued as usual. The
 * donation is locked so the reissue cannot race the donor's own new request.
 */
export async function reissueReceipt(input: { orgId: string; requestId: string; actor: Actor; payer: PayerInput }) {
  return prisma.$transaction(async (tx) => {
    const r = await lockRequest(tx, input.orgId, input.requestId, input.actor);
    if (r.status !== "VOIDED") throw new AppError("receipts.errors.notVoided", 409);
    if (!receiptEligible(r.donation)) throw new AppError("receipts.errors.notEligible", 409);
    const replaced = await tx.donationReceiptRequest.count({ where: { replacesId: r.id } });
    if (replaced) throw new AppError("receipts.errors.alreadyReissued", 409);
    const open = await tx.donationReceiptRequest.count({ where: { donationId: r.donation.id, status: { in: [...OPEN_STATUSES] } } });
    if (open) throw new AppError("receipts.errors.openExists", 409);
    const row = await tx.donationReceiptRequest.create({
      data: { donationId: r.donation.id, orgId: input.orgId, payerKind: input.payer.payerKind, payerName: input.payer.payerName, taxId: input.payer.taxId, email: input.payer.email ?? r.email, requestedById: input.actor.id, replacesId: r.id },
      select: { id: true },
    });
    await recordAudit({ actorId: input.actor.id, action: "receipt.reissued", entityType: "DonationReceiptRequest", entityId: row.id, orgId: input.orgId, after: { replacesId: r.id, payerKind: input.payer.payerKind } }, tx);
    return row;
  });
}

/**
 * The organization's forms on one request, by intent. Multipart for the upload; every failure
 * answers 400/409 with what was typed.
 */
export async function receiptRequestAction(request: Request, ctx: { orgId: string; requestId: string; actor: Actor; linkBase: string }) {
  const back = `/org/${ctx.orgId}/receipts/${ctx.requestId}`;
  const { formData, files } = await parseMultipart(request, RECEIPT_FILE_MAX_BYTES);
  const values = formToObject(formData);
  const intent = intentSchema.safeParse(values.intent);
  if (!intent.success) return data({ values, formError: "validation.choice" }, { status: 400 });
  switch (intent.data) {
    case "issue": {
      const parsed = parseWithSchema(issueSchema, values);
      if (!parsed.ok) return data(parsed.reply, { status: 400 });
      const file = files.find((f) => f.fieldName === "file");
      if (file) {
        const err = checkReceiptUpload(file);
        if (err) return data({ values, fieldErrors: { file: err } }, { status: 400 });
      }
      if (!file && !parsed.data.link && !parsed.data.paper) return data({ values, fieldErrors: { file: "receipts.validation.fileOrLink" } }, { status: 400 });
      const res = await runAction(values, () => issueReceipt({ ...ctx, receipt: parsed.data, file }));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "receipts.flash.issued");
    }
    case "void": {
      const parsed = parseWithSchema(voidSchema, values);
      if (!parsed.ok) return data(parsed.reply, { status: 400 });
      const res = await runAction(values, () => voidReceipt({ ...ctx, reason: parsed.data.reason }));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "receipts.flash.voided");
    }
    case "reissue": {
      const parsed = parseWithSchema(payerShape(false), values);
      if (!parsed.ok) return data(parsed.reply, { status: 400 });
      const res = await runAction(values, () => reissueReceipt({ ...ctx, payer: parsed.data }));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, `/org/${ctx.orgId}/receipts/${res.value.id}`, "receipts.flash.reissued");
    }
  }
}

export const receiptStatusOf = (raw: string | null) => (RECEIPT_STATUSES as readonly string[]).includes(raw ?? "") ? (raw as ReceiptRequestStatus) : "REQUESTED";
