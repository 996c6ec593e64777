/**
 * Share posters (分享海报): a phone-sized PNG with the title, one line of facts, the organization and
 * a QR code to the page, for passing a campaign or a project on in WeChat groups and Moments. Only
 * public items get one, and a poster carries no personal data: no story or description text, only
 * the title, figures and the organization's name.
 */
import { prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { PUBLIC_STATUSES } from "~/modules/campaigns/campaigns.server";
import { districtName } from "~/modules/districts/districts";
import type { TFunction } from "~/modules/i18n/i18n";
import { formatDate, formatFen } from "~/utils/format";
import { qrSvg } from "./qr.server";
import { renderPng, svgDocument, svgLines, wrapText } from "./render.server";

export type Poster = { title: string; line: string; org: string; path: string };

export async function campaignPoster(id: string, t: TFunction, locale: string): Promise<Poster> {
  const c = await prisma.campaign.findFirst({
    where: { id, status: { in: PUBLIC_STATUSES } },
    select: { id: true, title: true, goalFen: true, districtCode: true, org: { select: { name: true } } },
  });
  if (!c) throw new AppError("common.errors.http.404", 404);
  return { title: c.title, line: t("share.poster.campaignLine", { goal: formatFen(c.goalFen, locale), district: districtName(c.districtCode, locale) }), org: c.org.name, path: `/campaigns/${c.id}` };
}

export async function projectPoster(id: string, t: TFunction, locale: string): Promise<Poster> {
  const p = await prisma.volunteerProject.findFirst({
    where: { id, status: { in: ["PUBLISHED", "CLOSED"] } },
    select: { id: true, title: true, startDate: true, districtCode: true, org: { select: { name: true } } },
  });
  if (!p) throw new AppError("common.errors.http.404", 404);
  return { title: p.title, line: t("share.poster.projectLine", { from: formatDate(p.startDate, locale), district: districtName(p.districtCode, locale) }), org: p.org.name, path: `/projects/${p.id}` };
}

export function posterPng(p: Poster, url: string, t: TFunction) {
  const W = 750;
  const H = 1334;
  const pad = 60;
  let body = `<rect width="${W}" height="${H}" fill="#fff7f0"/><rect width="${W}" height="150" fill="#b7312c"/>`;
  body += svgLines([t("share.platform")], pad, 92, 0, { size: 30, weight: "bold", fill: "#ffffff" });
  const title = wrapText(p.title, W - 2 * pad, 56, 4);
  let y = 270;
  body += svgLines(title, pad, y, 76, { size: 56, weight: "bold", fill: "#1f2933" });
  y += title.length * 76 + 20;
  body += svgLines(wrapText(p.line, W - 2 * pad, 30, 2), pad, y, 44, { size: 30, fill: "#b7312c" });
  y += 100;
  body += svgLines(wrapText(t("share.poster.by", { org: p.org }), W - 2 * pad, 28, 2), pad, y, 42, { size: 28, fill: "#52606d" });
  const qr = 340;
  const qrTop = H - qr - 170;
  body += `<rect x="${(W - qr) / 2 - 20}" y="${qrTop - 20}" width="${qr + 40}" height="${qr + 40}" rx="16" fill="#ffffff"/>`;
  body += qrSvg(url, (W - qr) / 2, qrTop, qr);
  body += svgLines([t("share.poster.scan")], W / 2, qrTop + qr + 80, 0, { size: 28, fill: "#52606d", anchor: "middle" });
  return renderPng(svgDocument(W, H, body));
}
