import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getPublicProducer } from "~/modules/producers/producers.server";
import { districtName } from "~/modules/districts/districts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { formatDate } from "~/utils/format";
import { invariantResponse } from "~/utils/responses.server";

export const meta = pageTitle("producers.title", (d) => d?.producer?.name);

/** Approved producers only; never a household's data; the contact masked for everyone. */
export async function loader({ params }: LoaderFunctionArgs) {
  const producer = await getPublicProducer(params.producerId ?? "");
  invariantResponse(producer, 404);
  return { producer };
}

export default function PublicProducer() {
  const { producer: p } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <article>
      <div className="page-head">
        <div>
          <h1>{p.name}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {t(`producers.kinds.${p.kind}`)} · {districtName(p.districtCode, locale)}
          </p>
        </div>
        <span className="status status-APPROVED">{t("producers.public.verified")}</span>
      </div>
      <div className="cards">
        <section className="card">
          {p.description ? <p style={{ whiteSpace: "pre-line" }}>{p.description}</p> : null}
          <dl className="dl">
            <dt>{t("producers.public.location")}</dt>
            <dd>{[districtName(p.districtCode, locale), p.town, p.village].filter(Boolean).join(" ")}</dd>
            {p.originStatement ? (
              <>
                <dt>{t("producers.public.origin")}</dt>
                <dd>{p.originStatement}</dd>
              </>
            ) : null}
            <dt>{t("producers.public.supportOrg")}</dt>
            <dd>
              <Link to={`/orgs/${p.supportOrg.id}`}>{p.supportOrg.name}</Link>
            </dd>
            <dt>{t("producers.public.households")}</dt>
            <dd>{t("producers.public.householdsValue", { count: p.households })}</dd>
            <dt>{t("producers.public.contact")}</dt>
            <dd>
              {p.contactName} · {p.contactPhone}
              <div className="field-hint">{t("producers.public.masked")}</div>
            </dd>
            {p.approvedAt ? (
              <>
                <dt>{t("producers.public.approvedAt")}</dt>
                <dd>{formatDate(p.approvedAt, locale)}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
