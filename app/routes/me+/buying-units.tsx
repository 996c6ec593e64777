import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { unitsManagedBy } from "~/modules/pledges/pledges.server";
import { districtName } from "~/modules/districts/districts";
import { PledgeTable } from "~/components/pledges";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("pledges.me.title");

/** Buying units the signed-in user is the named manager of, with their pledges. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { units: await unitsManagedBy(user.id) };
}

export default function MyBuyingUnits() {
  const { units } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("pledges.me.title")}</h1>
      <p className="muted">{t("pledges.me.intro")}</p>
      {units.length ? (
        units.map((u) => (
          <section key={u.id} className="card" data-testid="managed-unit">
            <h2>{u.name}</h2>
            <p className="muted">
              {t(`pledges.kinds.${u.kind}`)} · {districtName(u.districtCode, locale)}
              {u.org ? ` · ${t("pledges.unit.registeredBy")}：${u.org.name}` : ""}
            </p>
            <PledgeTable pledges={u.pledges} />
          </section>
        ))
      ) : (
        <p className="muted">{t("pledges.me.none")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
