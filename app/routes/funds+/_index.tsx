import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listPublicFunds } from "~/modules/funds/funds.server";
import { districtName, isDistrictCode } from "~/modules/districts/districts";
import { formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.funds.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const district = new URL(request.url).searchParams.get("district") ?? undefined;
  const { items: funds, pagination } = await listPublicFunds({ district: isDistrictCode(district) ? district : undefined, page: pageFrom(request) });
  return { funds, pagination };
}

export default function FundList() {
  const { funds, pagination } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("funding.funds.title")}</h1>
        <Link to="/campaigns">{t("funding.nav.campaigns")}</Link>
      </div>
      <p className="muted">{t("funding.funds.intro")}</p>
      {funds.length ? (
        <div className="cards">
          {funds.map((f) => (
            <article key={f.id} className="card">
              <h3>
                <Link to={`/funds/${f.id}`}>{f.name}</Link>
              </h3>
              <p className="muted small">{t("funding.card.by", { org: f.org.name })}</p>
              <p>{f.purpose.length > 80 ? `${f.purpose.slice(0, 80)}…` : f.purpose}</p>
              <p>
                {f.districtCodes.slice(0, 6).map((d) => (
                  <span key={d} className="tag">
                    {districtName(d, locale)}
                  </span>
                ))}
              </p>
              <p>
                <strong>{formatFen(f.totals.netRaisedFen)}</strong> {t("funding.accounts.raised")} · {formatFen(f.totals.balanceFen)} {t("funding.accounts.balance")}
              </p>
            </article>
          ))}
        </div>
      ) : (
        <p className="muted">{t("funding.funds.empty")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
