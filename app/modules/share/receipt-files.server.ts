/**
 * Donation receipts as files the donor can keep (PDF) and save on a phone (PNG), with a QR code to
 * the public receipt check. Only paid (or later refunded) donations have one, as on the pages.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { receiptSelect, receiptToJson } from "~/modules/donations/receipts.server";
import type { TFunction } from "~/modules/i18n/i18n";
import { formatDate, formatFen } from "~/utils/format";
import { qrPng, qrSvg } from "./qr.server";
import { newPdf, pdfBuffer, renderPng, svgDocument, svgLines, wrapText } from "./render.server";

export type ReceiptFile = Omit<ReturnType<typeof receiptToJson>, "donorName" | "receiptCode"> & { receiptCode: string; donorName: string | null };

const RECEIPTED = ["PAID", "PARTLY_REFUNDED", "REFUNDED"] as const;

/** The signed-in donor's own receipt, or a guest's through the thank-you page's token; 404 otherwise. */
export async function loadReceiptFile(by: { userId: string; donationId: string } | { token: string }): Promise<ReceiptFile> {
  if ("token" in by ? !by.token : !by.donationId) throw new AppError("common.errors.http.404", 404);
  const where = "token" in by ? { accessToken: by.token } : { id: by.donationId, donorUserId: by.userId };
  const d = await prisma.donation.findFirst({ where: { ...where, status: { in: [...RECEIPTED] } }, select: receiptSelect });
  if (!d || !d.receiptCode) throw new AppError("common.errors.http.404", 404);
  const r = receiptToJson(d);
  return { ...r, receiptCode: d.receiptCode, donorName: d.anonymous ? null : d.donorName };
}

function facts(r: ReceiptFile, t: TFunction, locale: string): [string, string][] {
  const rows: [string, string][] = [
    [t("share.receipt.donor"), r.donorName ?? t("share.receipt.anonymous")],
    [t("share.receipt.amount"), `${formatFen(r.amountFen, locale)} ${r.currency}`],
  ];
  if (r.refundedFen !== "0") rows.push([t("share.receipt.refunded"), formatFen(r.refundedFen, locale)]);
  rows.push([t("share.receipt.date"), formatDate(r.paidAt, locale)], [t("share.receipt.project"), r.target.title]);
  if (r.target.filingNumber) rows.push([t("share.receipt.filing"), r.target.filingNumber]);
  rows.push(
    [t("share.receipt.recipient"), r.target.org.name],
    [t("share.receipt.creditCode"), r.target.org.creditCode],
    [t("share.receipt.status"), t(`funding.donationStatuses.${r.status}`)],
    [t("share.receipt.code"), r.receiptCode],
  );
  return rows;
}

export async function receiptPdf(r: ReceiptFile, verifyUrl: string, t: TFunction, locale: string) {
  const doc = newPdf({ Title: `${t("share.receipt.title")} ${r.receiptCode}`, Subject: verifyUrl });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font("cjk-bold").fontSize(24).fillColor("#b7312c").text(t("share.receipt.title"), left, 72, { width, align: "center" });
  doc.font("cjk").fontSize(11).fillColor("#52606d").text(t("share.receipt.subtitle"), { width, align: "center" });
  doc.moveDown(2).fillColor("#1f2933");
  const qrSize = 130;
  const top = doc.y;
  for (const [k, v] of facts(r, t, locale)) {
    const y = doc.y;
    doc.font("cjk").fontSize(11).fillColor("#52606d").text(k, left, y, { width: 120 });
    doc.font("cjk").fontSize(12).fillColor("#1f2933").text(v, left + 125, y, { width: width - 125 - qrSize - 20 });
    doc.y = Math.max(doc.y, y + 16) + 6;
  }
  const factsEnd = doc.y;
  const qrX = left + width - qrSize;
  doc.image(qrPng(verifyUrl), qrX, top, { width: qrSize, height: qrSize });
  doc.link(qrX, top, qrSize, qrSize, verifyUrl);
  doc.fontSize(9).fillColor("#52606d").text(t("share.receipt.scan"), qrX, top + qrSize + 2, { width: qrSize, align: "center" });
  doc.y = Math.max(factsEnd, top + qrSize + 30);
  doc.fontSize(9).text(t("share.receipt.verifyAt", { url: verifyUrl }), left, doc.y + 12, { width, link: verifyUrl });
  doc.moveDown(0.5).text(t("share.platform"), { width });
  return pdfBuffer(doc);
}

export function receiptPng(r: ReceiptFile, verifyUrl: string, t: TFunction, locale: string) {
  const W = 1080;
  const pad = 80;
  let y = 160;
  let body = svgLines([t("share.receipt.title")], W / 2, y, 0, { size: 60, weight: "bold", fill: "#b7312c", anchor: "middle" });
  y += 52;
  body += svgLines([t("share.receipt.subtitle")], W / 2, y, 0, { size: 24, fill: "#52606d", anchor: "middle" });
  y += 90;
  for (const [k, v] of facts(r, t, locale)) {
    body += svgLines([k], pad, y, 0, { size: 26, fill: "#52606d" });
    const lines = wrapText(v, W - 2 * pad - 260, 32, 3);
    body += svgLines(lines, pad + 260, y, 44, { size: 32 });
    y += Math.max(1, lines.length) * 44 + 22;
  }
  y += 20;
  const qrSize = 340;
  body += qrSvg(verifyUrl, (W - qrSize) / 2, y, qrSize);
  y += qrSize + 40;
  body += svgLines([t("share.receipt.scan")], W / 2, y, 0, { size: 26, fill: "#52606d", anchor: "middle" });
  y += 50;
  body += svgLines([t("share.platform")], W / 2, y, 0, { size: 24, fill: "#52606d", anchor: "middle" });
  const H = y + 80;
  const frame = `<rect width="${W}" height="${H}" fill="#ffffff"/><rect x="24" y="24" width="${W - 48}" height="${H - 48}" rx="24" fill="none" stroke="#e4e7eb" stroke-width="4"/>`;
  return renderPng(svgDocument(W, H, frame + body));
}
