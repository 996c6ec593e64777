import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { listDisclosureSchedules } from "~/modules/disclosure/status.server";
import { countDisclosures, DISCLOSURES_PAGE_SIZE, listDisclosures } from "~/modules/disclosure/filing.server";
import { canReadPrivateFile } from "~/modules/files/access.server";
import { paginate } from "~/utils/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { FundingSubnav } from "~/components/funding-subnav";
import { DisclosureList, DisclosureStateBadge } from "~/components/disclosure";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("disclosure.org.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const where = { orgId: access.orgId };
  const [schedules, filed, canSeeEvidence] = await Promise.all([
    listDisclosureSchedules(where),
    paginate(pageFrom(request, "disclosuresPage"), DISCLOSURES_PAGE_SIZE, () => countDisclosures(where), (w) => listDisclosures(where, w)),
    canReadPrivateFile(access.user, access.orgId),
  ]);
  const rank = { overdue: 0, dueSoon: 1, ok: 2 } as const;
  return {
    orgId: access.orgId,
    canAct: !access.viaStaff,
    targets: schedules
      .filter((s) => s.schedule.obligations.length || s.hold)
      .sort((a, b) => rank[a.schedule.state] - rank[b.schedule.state] || (a.schedule.nextDue?.dueOn ?? "").localeCompare(b.schedule.nextDue?.dueOn ?? ""))
      .map((s) => ({ type: s.type, id: s.id, name: s.name, state: s.schedule.state, obligations: s.schedule.obligations.map((o) => ({ kind: o.kind, dueOn: o.dueOn, state: o.state })), holdReason: s.hold ? (s.hold.reason ?? "") : null })),
    disclosures: filed.rows,
    pagination: filed.pagination,
    canSeeEvidence,
  };
}

export default function OrgDisclosures() {
  const { orgId, canAct, targets, disclosures, pagination, canSeeEvidence } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <FundingSubnav orgId={orgId} />
      <h2>{t("disclosure.org.title")}</h2>
      <p className="muted">{t("disclosure.org.intro")}</p>
      <section className="card" aria-labelledby="schedule-title">
        <h3 id="schedule-title">{t("disclosure.org.schedule")}</h3>
        {targets.length ? (
          <ul style={{ listStyle: "none", padding: 0 }} data-testid="disclosure-schedule">
            {targets.map((x) => (
              <li key={`${x.type}:${x.id}`} data-testid={`schedule-${x.id}`} style={{ marginBottom: "0.75rem" }}>
                <strong>{x.name}</strong> <span className="muted small">{t(`disclosure.org.${x.type}`)}</span> <DisclosureStateBadge state={x.state} />
                <ul>
                  {x.obligations.map((o) => (
                    <li key={o.kind}>
                      {t(`disclosure.kinds.${o.kind}`)} · {t("disclosure.org.dueOn")} {o.dueOn} · {t(`disclosure.states.${o.state}`)}
                    </li>
                  ))}
                </ul>
                {x.holdReason !== null ? <p className="form-error">{t("disclosure.org.holdReason", { reason: x.holdReason })}</p> : null}
                {canAct ? (
                  <Link className="button-small" to={`/org/${orgId}/disclosures/new?${x.type === "campaign" ? "campaignId" : "fundId"}=${x.id}`}>
                    {t("disclosure.org.file")}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("disclosure.org.nothingScheduled")}</p>
        )}
      </section>
      <DisclosureList disclosures={disclosures} pagination={pagination} canSeeEvidence={canSeeEvidence} showTarget />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
