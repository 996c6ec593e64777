import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { pledgePage } from "~/modules/pledges/pledges.server";
import { bpToPercent } from "~/modules/pledges/rules";
import { formatFen } from "~/utils/format";
import { MonthlyChart, PledgeFigures, targetText, UnitFacts } from "~/components/pledges";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("pledges.pledge.pageTitle", (d) => d?.unit?.name);

/** One pledge: pledged, fulfilled, remaining and the monthly chart. Not public (see pledgePage). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return pledgePage(user, params.pledgeId);
}

export default function PledgePage() {
  const { pledge, unit, months, outsideFen, outsideSales } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const belowRequired = pledge.requiredFen !== null && BigInt(pledge.fulfilledFen) < BigInt(pledge.requiredFen);
  return (
    <div>
      <div className="page-head">
        <h1>{t("pledges.pledge.heading", { unit: unit.name, year: pledge.year })}</h1>
        {unit.org ? <Link to={`/org/${unit.org.id}/buying-units`}>{unit.org.name}</Link> : null}
      </div>
      <p>
        {t("pledges.pledge.target")}：{targetText(pledge, locale)}
      </p>
      <PledgeFigures figures={pledge} />
      {pledge.requiredFen !== null && pledge.canteenBudgetFen !== null && pledge.requiredShareBp !== null ? (
        <p className={belowRequired ? "flash flash-error" : "muted"} data-testid="canteen-share">
          {t("pledges.pledge.shareLine", { budget: formatFen(pledge.canteenBudgetFen), share: bpToPercent(pledge.requiredShareBp), required: formatFen(pledge.requiredFen) })}
          {belowRequired ? ` ${t("pledges.pledge.shareNotYetMet")}` : ""}
        </p>
      ) : (
        <p className="muted">{unit.isBudgetUnit && !unit.hasCanteen ? t("pledges.unit.noCanteenOwesNothing") : t("pledges.pledge.noShareOwed")}</p>
      )}
      <p className="muted">{t("pledges.pledge.howCounted")}</p>
      {outsideSales > 0 ? <p className="muted">{t("pledges.pledge.outsideYear", { count: outsideSales, amount: formatFen(outsideFen), year: pledge.year })}</p> : null}
      <MonthlyChart months={months} pledgedFen={pledge.pledgedFen} year={pledge.year} />
      <section className="card">
        <h3>{unit.name}</h3>
        <UnitFacts unit={unit} />
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
