import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { getMyCertificate } from "~/modules/volunteering/certificates.server";
import { loadOr4xx } from "~/modules/volunteering/http.server";
import { minutesToHours } from "~/modules/volunteering/types";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate } from "~/utils/format";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("volunteering.certificates.heading");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const cert = await loadOr4xx(() => getMyCertificate(user.id, (params.code ?? "").toUpperCase()));
  const origin = process.env.APP_URL ?? new URL(request.url).origin;
  return { cert, verifyUrl: `${origin}/verify/certificates` };
}

/** The printable certificate (志愿服务证明): only its holder sees the full version. */
export default function Certificate() {
  const { cert, verifyUrl } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const s = cert.snapshot;
  return (
    <article className="card certificate" style={{ maxWidth: 760, margin: "0 auto" }}>
      <p className="no-print">
        <Link to="/me/certificates">← {t("volunteering.certificates.title")}</Link>{" "}
        <button type="button" className="button-small" onClick={() => window.print()}>
          {t("volunteering.certificates.print")}
        </button>{" "}
        <a className="button-small" href={`/me/certificates/${cert.code}/certificate.pdf`} download>
          {t("share.download.pdf")}
        </a>{" "}
        <a className="button-small" href={`/me/certificates/${cert.code}/certificate.png`} title={t("share.download.pngHint")}>
          {t("share.download.png")}
        </a>
      </p>
      {cert.status === "SUPERSEDED" ? (
        <p className="form-error" role="alert" data-testid="certificate-status">
          {t("hours.certificates.superseded", { date: cert.revokedAt ? formatDate(cert.revokedAt, locale) : "", code: cert.replacedBy ?? "" })}
        </p>
      ) : cert.status === "REVOKED" ? (
        <p className="form-error" role="alert" data-testid="certificate-status">
          {t("hours.certificates.revoked", { date: cert.revokedAt ? formatDate(cert.revokedAt, locale) : "" })}
        </p>
      ) : null}
      <h1 style={{ textAlign: "center" }}>{t("volunteering.certificates.heading")}</h1>
      <p>
        {t("volunteering.certificates.body", {
          name: s.realName,
          id: s.idNumberMasked,
          from: formatDate(cert.periodStart, locale),
          to: formatDate(cert.periodEnd, locale),
          records: cert.recordCount,
          hours: minutesToHours(cert.totalMinutes),
        })}
      </p>
      <h2>{t("volunteering.certificates.byOrg")}</h2>
      <ul>
        {s.orgs.map((o) => (
          <li key={o.name}>{t("volunteering.certificates.orgLine", { org: o.name, hours: minutesToHours(o.minutes), records: o.records })}</li>
        ))}
      </ul>
      <h2>{t("volunteering.certificates.details")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("volunteering.me.date")}</th>
              <th>{t("volunteering.me.org")}</th>
              <th>{t("volunteering.me.project")}</th>
              <th>{t("volunteering.me.role")}</th>
              <th>{t("volunteering.me.hours")}</th>
            </tr>
          </thead>
          <tbody>
            {s.records.map((r, i) => (
              <tr key={i}>
                <td>{r.date}</td>
                <td>{r.org}</td>
                <td>{r.project}</td>
                <td>{r.role}</td>
                <td>{minutesToHours(r.minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {t("volunteering.certificates.code")}：<strong data-testid="certificate-code">{cert.code}</strong>
      </p>
      <p className="muted">{t("volunteering.certificates.verifyHint", { url: verifyUrl })}</p>
      <p className="muted">{t("volunteering.certificates.issuedAt", { date: formatDate(cert.createdAt, locale) })}</p>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
