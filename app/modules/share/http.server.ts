/** The download answers behind the certificate, receipt and poster routes (the routes stay thin). */
import { redirect } from "@remix-run/node";
import { requireUser } from "~/modules/accounts/auth.server";
import { getLocale } from "~/modules/i18n/i18n.server";
import { makeT } from "~/modules/i18n/i18n";
import { loadOr4xx } from "~/modules/volunteering/http.server";
import { certificatePdf, certificatePng, loadCertificateFile } from "./certificate-files.server";
import { loadReceiptFile, receiptPdf, receiptPng } from "./receipt-files.server";
import { campaignPoster, posterPng, projectPoster } from "./poster.server";
import { fileResponse } from "./render.server";
import { certificateVerifyUrl, publicOrigin, receiptVerifyUrl } from "./urls.server";

export type FileFormat = "pdf" | "png";

export async function certificateDownload(request: Request, rawCode: string | undefined, format: FileFormat) {
  const user = await requireUser(request);
  const code = (rawCode ?? "").toUpperCase().slice(0, 40);
  const found = await loadOr4xx(() => loadCertificateFile(user.id, code));
  const locale = await getLocale(request);
  const t = makeT(locale);
  if ("replacedBy" in found) {
    // A corrected certificate sends its holder to the one that replaced it; a revoked one is gone.
    if (found.replacedBy) throw redirect(`/me/certificates/${found.replacedBy}/certificate.${format}`, 303);
    throw new Response(t("share.certificate.gone"), { status: 410, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const url = certificateVerifyUrl(publicOrigin(request), found.file.code);
  const name = `${t("share.certificate.title")}-${found.file.code}.${format}`;
  return format === "pdf"
    ? fileResponse(await certificatePdf(found.file, url, t, locale), "application/pdf", name)
    : fileResponse(certificatePng(found.file, url, t, locale), "image/png", name, true);
}

export async function receiptDownload(request: Request, by: { donationId: string | undefined } | { token: string | undefined }, format: FileFormat) {
  const owner = "donationId" in by ? { userId: (await requireUser(request)).id, donationId: by.donationId ?? "" } : { token: by.token ?? "" };
  const r = await loadOr4xx(() => loadReceiptFile(owner));
  const locale = await getLocale(request);
  const t = makeT(locale);
  const url = receiptVerifyUrl(publicOrigin(request), r.receiptCode);
  const name = `${t("share.receipt.title")}-${r.receiptCode}.${format}`;
  return format === "pdf" ? fileResponse(await receiptPdf(r, url, t, locale), "application/pdf", name) : fileResponse(receiptPng(r, url, t, locale), "image/png", name, true);
}

/** A public item's share poster; posters are the same for everyone, so shared caches may keep them. */
export async function posterDownload(request: Request, kind: "campaign" | "project", id: string | undefined) {
  const locale = await getLocale(request);
  const t = makeT(locale);
  const poster = await loadOr4xx(() => (kind === "campaign" ? campaignPoster : projectPoster)(id ?? "", t, locale));
  const png = posterPng(poster, `${publicOrigin(request)}${poster.path}`, t);
  const res = fileResponse(png, "image/png", `${kind}-${id}-poster.png`, true);
  res.headers.set("Cache-Control", "public, max-age=600");
  res.headers.set("Vary", "Cookie");
  return res;
}
