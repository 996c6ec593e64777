import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { producerIdsForUser } from "~/modules/producers/access.server";
import { listProducersByIds } from "~/modules/producers/producers.server";
import { districtName } from "~/modules/districts/districts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("producers.me.title");

/** Producers the user acts for: as the producer's own account, or through an organization's org:shop role. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    producers: await listProducersByIds(await producerIdsForUser(user.id), user.id),
  };
}

export default function MyProducers() {
  const { producers } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("producers.me.title")}</h1>
      {producers.length === 0 ? <p className="muted">{t("producers.me.empty")}</p> : null}
      <div className="cards">
        {producers.map((p) => (
          <Link key={p.id} to={`/producer/${p.id}`} className="card" style={{ textDecoration: "none", color: "inherit" }}>
            <h3>{p.name}</h3>
            <p className="muted">
              {t(`producers.kinds.${p.kind}`)} · {districtName(p.districtCode, locale)} · {p.asAccount ? t("producers.me.asAccount") : t("producers.me.viaOrg", { org: p.supportOrg.name })}
            </p>
            <span className={`status status-${p.status}`}>{t(`producers.statuses.${p.status}`)}</span>
          </Link>
        ))}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
