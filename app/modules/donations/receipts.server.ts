import { randomBytes } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { maskName } from "~/modules/accounts/mask";

// Crockford base32 without look-alikes: easy to read aloud and to type from a printed receipt.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** SL-XXXX-XXXX-XXXX: 60 random bits, unguessable, unique in the database. */
export function newReceiptCode() {
  const bytes = randomBytes(12);
  let s = "";
  for (let i = 0; i < 12; i++) s += ALPHABET[bytes[i]! % 32];
  return `SL-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

export function normaliseReceiptCode(input: string) {
  const s = input.toUpperCase().replace(/[^0-9A-Z]/g, "").replace(/^SL/, "");
  if (s.length !== 12) return null;
  return `SL-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

export const receiptSelect = {
  id: true,
  amountFen: true,
  currency: true,
  status: true,
  refundedFen: true,
  paidAt: true,
  receiptCode: true,
  donorName: true,
  anonymous: true,
  provider: true,
  campaign: { select: { id: true, title: true, filingNumber: true, org: { select: { name: true, creditCode: true } } } },
  fund: { select: { id: true, name: true, org: { select: { name: true, creditCode: true } } } },
} as const;

/** The public check: a receipt code shows what the receipt says, with the donor's name masked. */
export async function verifyReceipt(code: string) {
  const normal = normaliseReceiptCode(code);
  if (!normal) return null;
  const d = await prisma.donation.findUnique({ where: { receiptCode: normal }, select: receiptSelect });
  if (!d || d.status === "PENDING" || d.status === "FAILED" || d.status === "CANCELLED") return null;
  return { ...receiptToJson(d), donorName: d.anonymous ? null : maskName(d.donorName) };
}

type ReceiptRow = NonNullable<Awaited<ReturnType<typeof prisma.donation.findUnique<{ where: { id: string }; select: typeof receiptSelect }>>>>;

export function receiptToJson(d: ReceiptRow) {
  const target = d.campaign ? { kind: "campaign" as const, id: d.campaign.id, title: d.campaign.title, filingNumber: d.campaign.filingNumber, org: d.campaign.org } : { kind: "fund" as const, id: d.fund!.id, title: d.fund!.name, filingNumber: null, org: d.fund!.org };
  return {
    id: d.id,
    amountFen: d.amountFen.toString(),
    refundedFen: d.refundedFen.toString(),
    currency: d.currency,
    status: d.status,
    paidAt: d.paidAt?.toISOString() ?? null,
    receiptCode: d.receiptCode,
    donorName: d.donorName,
    anonymous: d.anonymous,
    target,
  };
}
