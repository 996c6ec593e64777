/**
 * Volunteer-service certificates as files people can keep (PDF) and save on a phone (PNG). Both
 * carry what MCA Order 67 (《志愿服务记录与证明出具办法》) asks a certificate to show — the
 * volunteer's name (masked, as on the public check) and masked ID number, the organizations and
 * projects, the service period, the total hours, the issuing platform, the issue date and the
 * certificate code — and a QR code that opens the public verification page with the code filled in.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { maskName } from "~/modules/accounts/mask";
import type { CertificateSnapshot } from "~/modules/volunteering/types";
import { minutesToHours } from "~/modules/volunteering/types";
import type { TFunction } from "~/modules/i18n/i18n";
import { formatDate } from "~/utils/format";
import { qrPng, qrSvg } from "./qr.server";
import { newPdf, pdfBuffer, renderPng, svgDocument, svgLines, wrapText } from "./render.server";

export type CertificateFile = {
  code: string;
  holder: string;
  idNumberMasked: string | null;
  periodStart: Date;
  periodEnd: Date;
  totalMinutes: number;
  recordCount: number;
  issuedAt: Date;
  orgs: { name: string; projects: string[]; minutes: number }[];
};

/**
 * The holder's own certificate (404 for anyone else). A certificate that is no longer valid is not
 * handed out as a clean document: a superseded one points to its replacement, a revoked one is gone.
 */
export async function loadCertificateFile(userId: string, code: string): Promise<{ file: CertificateFile } | { replacedBy: string | null }> {
  const cert = await prisma.serviceCertificate.findFirst({
    where: { code, userId },
    select: { code: true, status: true, replacedById: true, periodStart: true, periodEnd: true, totalMinutes: true, recordCount: true, snapshot: true, createdAt: true },
  });
  if (!cert) throw new AppError("common.errors.http.404", 404);
  if (cert.status !== "VALID") {
    const next = cert.status === "SUPERSEDED" && cert.replacedById ? await prisma.serviceCertificate.findFirst({ where: { id: cert.replacedById, userId, status: "VALID" }, select: { code: true } }) : null;
    return { replacedBy: next?.code ?? null };
  }
  const snap = cert.snapshot as unknown as CertificateSnapshot;
  const orgs = snap.orgs.map((o) => ({ name: o.name, minutes: o.minutes, projects: [...new Set(snap.records.filter((r) => r.org === o.name).map((r) => r.project))] }));
  return {
    file: {
      code: cert.code,
      holder: maskName(snap.realName),
      idNumberMasked: snap.idNumberMasked || null,
      periodStart: cert.periodStart,
      periodEnd: cert.periodEnd,
      totalMinutes: cert.totalMinutes,
      recordCount: cert.recordCount,
      issuedAt: cert.createdAt,
      orgs,
    },
  };
}

function bodyText(c: CertificateFile, t: TFunction, locale: string) {
  const params = { name: c.holder, id: c.idNumberMasked, from: formatDate(c.periodStart, locale), to: formatDate(c.periodEnd, locale), records: c.recordCount, hours: minutesToHours(c.totalMinutes) };
  return t(c.idNumberMasked ? "share.certificate.body" : "share.certificate.bodyNoId", params);
}

const MAX_ORGS = 8;

export async function certificatePdf(c: CertificateFile, verifyUrl: string, t: TFunction, locale: string) {
  const doc = newPdf({ Title: `${t("share.certificate.title")} ${c.code}`, Subject: verifyUrl });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.rect(28, 28, doc.page.width - 56, doc.page.height - 56).lineWidth(2).stroke("#b7312c");
  doc.font("cjk-bold").fontSize(26).fillColor("#b7312c").text(t("share.certificate.title"), left, 80, { width, align: "center" });
  doc.font("cjk").fontSize(11).fillColor("#52606d").text(t("share.certificate.subtitle"), { width, align: "center" });
  doc.moveDown(2).fontSize(13).fillColor("#1f2933").text(bodyText(c, t, locale), left, doc.y, { width, lineGap: 6 });
  doc.moveDown(1.2);
  // The organizations and their projects, as a simple three-column table.
  const cols = [width * 0.36, width * 0.46, width * 0.18];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    doc.font(bold ? "cjk-bold" : "cjk").fontSize(11);
    const heights = cells.map((s, i) => doc.heightOfString(s, { width: cols[i]! - 8 }));
    const h = Math.max(...heights) + 8;
    let x = left;
    cells.forEach((s, i) => {
      doc.text(s, x + 4, y + 4, { width: cols[i]! - 8 });
      x += cols[i]!;
    });
    doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.5).stroke("#cbd2d9");
    doc.x = left;
    doc.y = y + h;
  };
  row([t("share.certificate.org"), t("share.certificate.projects"), t("share.certificate.hours")], true);
  for (const o of c.orgs.slice(0, MAX_ORGS)) row([o.name, o.projects.join("、"), String(minutesToHours(o.minutes))]);
  if (c.orgs.length > MAX_ORGS) row([t("share.certificate.moreOrgs", { count: c.orgs.length - MAX_ORGS }), "", ""]);
  doc.moveDown(1.5).font("cjk").fontSize(12);
  const facts: [string, string][] = [
    [t("share.certificate.issuer"), t("share.platform")],
    [t("share.certificate.issuedAt"), formatDate(c.issuedAt, locale)],
    [t("share.certificate.code"), c.code],
  ];
  for (const [k, v] of facts) doc.text(`${k}：${v}`, left, doc.y, { width: width - 150, lineGap: 4 });
  // QR code with a link annotation to the same address, so it works when clicked as well as scanned.
  const qrSize = 120;
  const qrX = left + width - qrSize;
  const qrY = Math.max(doc.y - 90, doc.y - 3 * 22);
  doc.image(qrPng(verifyUrl), qrX, qrY, { width: qrSize, height: qrSize });
  doc.link(qrX, qrY, qrSize, qrSize, verifyUrl);
  doc.fontSize(9).fillColor("#52606d").text(t("share.certificate.scan"), qrX, qrY + qrSize + 2, { width: qrSize, align: "center" });
  doc.y = Math.max(doc.y, qrY + qrSize + 24);
  doc.fontSize(9).text(t("share.certificate.verifyAt", { url: verifyUrl }), left, doc.y + 8, { width, link: verifyUrl, underline: false });
  doc.moveDown(0.5).text(t("share.certificate.basis"), { width });
  return pdfBuffer(doc);
}

export function certificatePng(c: CertificateFile, verifyUrl: string, t: TFunction, locale: string) {
  const W = 1080;
  const pad = 90;
  const inner = W - 2 * pad;
  let y = 190;
  let body = "";
  body += svgLines([t("share.certificate.title")], W / 2, y, 0, { size: 64, weight: "bold", fill: "#b7312c", anchor: "middle" });
  y += 52;
  body += svgLines([t("share.certificate.subtitle")], W / 2, y, 0, { size: 24, fill: "#52606d", anchor: "middle" });
  y += 90;
  const para = wrapText(bodyText(c, t, locale), inner, 34);
  body += svgLines(para, pad, y, 56, { size: 34 });
  y += para.length * 56 + 30;
  body += `<line x1="${pad}" y1="${y - 36}" x2="${W - pad}" y2="${y - 36}" stroke="#cbd2d9" stroke-width="2"/>`;
  for (const o of c.orgs.slice(0, MAX_ORGS)) {
    body += svgLines([o.name], pad, y, 0, { size: 30, weight: "bold" });
    body += svgLines([`${minutesToHours(o.minutes)} h`], W - pad, y, 0, { size: 30, anchor: "end" });
    const proj = wrapText(o.projects.join("、"), inner, 26, 2);
    body += svgLines(proj, pad, y + 42, 38, { size: 26, fill: "#52606d" });
    y += 42 + proj.length * 38 + 24;
  }
  if (c.orgs.length > MAX_ORGS) {
    body += svgLines([t("share.certificate.moreOrgs", { count: c.orgs.length - MAX_ORGS })], pad, y, 0, { size: 26, fill: "#52606d" });
    y += 50;
  }
  y += 20;
  const qrSize = 300;
  const factsTop = y;
  const facts = [
    `${t("share.certificate.issuer")}：`,
    t("share.platform"),
    `${t("share.certificate.issuedAt")}：${formatDate(c.issuedAt, locale)}`,
    `${t("share.certificate.code")}：`,
    c.code,
  ];
  const factLines = facts.flatMap((f) => wrapText(f, inner - qrSize - 40, 28));
  body += svgLines(factLines, pad, y + 30, 46, { size: 28 });
  body += qrSvg(verifyUrl, W - pad - qrSize, factsTop, qrSize);
  body += svgLines([t("share.certificate.scan")], W - pad - qrSize / 2, factsTop + qrSize + 34, 0, { size: 24, fill: "#52606d", anchor: "middle" });
  y = Math.max(factsTop + factLines.length * 46 + 20, factsTop + qrSize + 60) + 20;
  const basis = wrapText(t("share.certificate.basis"), inner, 22);
  body += svgLines(basis, pad, y, 34, { size: 22, fill: "#52606d" });
  y += basis.length * 34 + 60;
  const H = Math.max(y, 1400);
  const frame = `<rect width="${W}" height="${H}" fill="#fffdf8"/><rect x="30" y="30" width="${W - 60}" height="${H - 60}" fill="none" stroke="#b7312c" stroke-width="6"/><rect x="44" y="44" width="${W - 88}" height="${H - 88}" fill="none" stroke="#b7312c" stroke-width="1.5"/>`;
  return renderPng(svgDocument(W, H, frame + body));
}
