import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { verifyCertificate } from "~/modules/volunteering/certificates.server";
import { VerifySchema } from "~/modules/volunteering/schema";
import { minutesToHours } from "~/modules/volunteering/types";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "志愿服务证明核验 · 善联" }];

/**
 * Public check of a certificate code: shows the holder's masked name, period, organizations and hours
 * when it is valid; a superseded certificate says so and names its replacement, a revoked one its date.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { code } = VerifySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const searched = new URL(request.url).searchParams.has("code");
  return { code: code ?? "", searched, result: code ? await verifyCertificate(code) : null };
}

export default function VerifyCertificate() {
  const { code, searched, result } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="form-card form-narrow">
      <h1>{t("volunteering.verify.title")}</h1>
      <p className="muted">{t("volunteering.verify.intro")}</p>
      <Form method="get">
        <div className="field">
          <label htmlFor="verify-code">{t("volunteering.verify.code")}</label>
          <input id="verify-code" name="code" defaultValue={code} maxLength={24} autoComplete="off" />
        </div>
        <button type="submit">{t("volunteering.verify.submit")}</button>
      </Form>
      {result && result.status !== "VALID" ? (
        <section className="card" role="status" data-testid="verify-result" data-status={result.status}>
          {result.status === "SUPERSEDED" ? (
            <>
              <h2 className="form-error">✗ {t("hours.verify.superseded")}</h2>
              <p>
                {t("hours.verify.supersededSince", { date: result.endedAt ? formatDate(result.endedAt, locale) : "" })}{" "}
                {result.replacedBy ? (
                  <Link to={`/verify/certificates?code=${result.replacedBy}`} data-testid="replaced-by">
                    {result.replacedBy}
                  </Link>
                ) : null}
              </p>
            </>
          ) : (
            <>
              <h2 className="form-error">✗ {t("hours.verify.revoked")}</h2>
              <p>{t("hours.verify.revokedOn", { date: result.endedAt ? formatDate(result.endedAt, locale) : "" })}</p>
            </>
          )}
          <dl className="dl">
            <dt>{t("volunteering.verify.holder")}</dt>
            <dd>{result.holder}</dd>
            <dt>{t("volunteering.verify.period")}</dt>
            <dd>{t("volunteering.certificates.period", { from: formatDate(result.periodStart, locale), to: formatDate(result.periodEnd, locale) })}</dd>
            <dt>{t("volunteering.verify.issuedAt")}</dt>
            <dd>{formatDate(result.issuedAt, locale)}</dd>
          </dl>
        </section>
      ) : result ? (
        <section className="card" role="status" data-testid="verify-result" data-status={result.status}>
          <h2>✓ {t("volunteering.verify.valid")}</h2>
          <dl className="dl">
            <dt>{t("volunteering.verify.holder")}</dt>
            <dd>{result.holder}</dd>
            <dt>{t("volunteering.verify.period")}</dt>
            <dd>{t("volunteering.certificates.period", { from: formatDate(result.periodStart, locale), to: formatDate(result.periodEnd, locale) })}</dd>
            <dt>{t("volunteering.verify.hours")}</dt>
            <dd>{t("volunteering.verify.hoursValue", { hours: minutesToHours(result.totalMinutes), records: result.recordCount })}</dd>
            <dt>{t("volunteering.verify.orgs")}</dt>
            <dd>{result.orgs.map((o) => o.name).join("、")}</dd>
            <dt>{t("volunteering.verify.issuedAt")}</dt>
            <dd>{formatDate(result.issuedAt, locale)}</dd>
          </dl>
        </section>
      ) : searched ? (
        <p className="form-error" role="alert">
          {t("volunteering.verify.invalid")}
        </p>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
