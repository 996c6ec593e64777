import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getOptionalUser, isStaff } from "~/modules/accounts/auth.server";
import { getOrgRole } from "~/modules/organizations/permissions.server";
import { getPublicCampaign } from "~/modules/campaigns/queries.server";
import { PUBLIC_STATUSES } from "~/modules/campaigns/campaigns.server";
import { publicAccounts } from "~/modules/campaigns/accounts.server";
import { campaignAcceptsDonations, todayInChina } from "~/modules/campaigns/rules";
import { donorWall } from "~/modules/donations/donations.server";
import { donateAction } from "~/modules/donations/donate-action.server";
import { donateOptions } from "~/modules/donations/payway.server";
import { frozenStatus } from "~/modules/donations/freeze.server";
import { districtName } from "~/modules/districts/districts";
import { invariantResponse, readFormData } from "~/utils/responses.server";
import { formatDate, formatFen } from "~/utils/format";
import type { FormReply } from "~/utils/forms";
import { DaysLeft, ProgressBar } from "~/components/campaign-card";
import { DonateForm } from "~/components/donate-form";
import { MonthlyLink } from "~/components/monthly-link";
import { campaignOffersMonthly } from "~/modules/monthly/gifts.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { excerpt, originFromMatches, shareMeta } from "~/modules/share/meta";
import { PlatformNotice } from "~/components/platform-notice";
import { RaisedBySource } from "~/components/raised-by-source";
import { disclosureNotice } from "~/modules/disclosure/public.server";
import { DisclosureNotice } from "~/components/disclosure";
import { capState } from "~/modules/safeguards/cap.server";
import { CapNotice, ReportLink } from "~/components/safeguards";
import { campaignMatchSummary } from "~/modules/match-funds/pledges.server";
import { MatchFundsCard } from "~/components/match-funds";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? shareMeta({ title: data.campaign.title, description: excerpt(data.campaign.story), path: `/campaigns/${data.campaign.id}`, origin: originFromMatches(matches), imagePath: `/campaigns/${data.campaign.id}/poster.png` })
    : [{ title: "善联" }];

/**
 * The render reads only the loaders' data and the URL: equal data gives equal HTML, so a visitor not
 * signed in may be sent the last render of the same state (app/utils/render-memo.server.ts).
 */
export const handle = { memoRender: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const c = await getPublicCampaign(params.campaignId ?? "");
  invariantResponse(c, 404);
  const user = await getOptionalUser(request);
  // Before publication (or after rejection) only the host and staff may look at it.
  if (!PUBLIC_STATUSES.includes(c.status) && c.status !== "SUSPENDED") {
    const allowed = isStaff(user) || (user ? (await getOrgRole(user.id, c.orgId)) !== null : false);
    invariantResponse(allowed, 404);
  }
  const pages = { disbursements: pageFrom(request, "disbursementsPage"), updates: pageFrom(request, "updatesPage") };
  // The freeze, the monthly link and the cap's rules read the row above; the rest are independent
  // reads, at the same time (the page's latency is the slowest, not the sum).
  const frozen = frozenStatus(c.status, c.org.status);
  const monthly = campaignOffersMonthly(c);
  const [cap, accounts, { wall, pagination: wallPagination }, disclosure, matching] = await Promise.all([
    capState(c),
    publicAccounts({ campaignId: c.id }, pages),
    donorWall({ campaignId: c.id }, pageFrom(request, "wallPage")),
    disclosureNotice({ campaignId: c.id }),
    campaignMatchSummary(c.id),
  ]);
  return {
    campaign: {
      id: c.id,
      title: c.title,
      kind: c.kind,
      status: c.status,
      story: c.story,
      beneficiaryMasked: c.beneficiaryMasked,
      districtCode: c.districtCode,
      goalFen: c.goalFen.toString(),
      deadline: c.deadline.toISOString().slice(0, 10),
      filingNumber: c.filingNumber,
      budget: (c.budget as { item: string; amountFen: number }[]) ?? [],
      needId: c.needId,
      platform: c.designatedPlatform ? { code: c.designatedPlatform, projectId: c.platformProjectId, url: c.platformUrl } : null,
      org: { id: c.org.id, name: c.org.name, certificate: c.org.fundraisingCertificate },
    },
    frozen,
    // Past its cap an emergency campaign is closed to donations (safeguards).
    accepts: campaignAcceptsDonations(c) && !cap?.full,
    providers: campaignAcceptsDonations(c) || cap?.overflow ? await donateOptions(c.orgId) : [],
    cap,
    accounts,
    wall,
    wallPagination,
    signedInAs: user?.displayName ?? null,
    monthly,
    disclosure,
    matching,
    // The day the deadline counts down from (ADR 026).
    today: todayInChina(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  invariantResponse(formData.get("intent") === "donate", 400);
  return donateAction(request, formData, { campaignId: params.campaignId });
}

export default function CampaignPage() {
  const { campaign: c, accepts, frozen, accounts, wall, wallPagination, signedInAs, providers, monthly, disclosure, cap, matching, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const [search] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const budgetTotal = c.budget.reduce((s, b) => s + b.amountFen, 0);
  return (
    <div className="campaign-page">
      <div className="page-head">
        <h1>{c.title}</h1>
        <span className={`status status-${c.status}`}>{t(`funding.statuses.${c.status}`)}</span>
        {["APPROVED", "FUNDED", "ENDED", "CLOSED"].includes(c.status) ? (
          <a className="button-small" href={`/campaigns/${c.id}/poster.png`}>
            {t("share.download.poster")}
          </a>
        ) : null}
      </div>
      {search.get("cancelled") ? <p className="flash flash-error">{t("funding.campaign.cancelled")}</p> : null}
      {c.status === "SUSPENDED" ? <p className="form-error">{t("funding.campaign.suspendedNote")}</p> : null}
      {c.platform ? <PlatformNotice platform={c.platform} /> : null}
      <DisclosureNotice notice={disclosure} />
      <div className="cards cards-main-side">
        <div>
          <section className="card">
            <ProgressBar raisedFen={accounts.totals.netRaisedFen} goalFen={c.goalFen} />
            <div className="stats-row">
              <div className="stat">
                <strong data-testid="raised">{formatFen(accounts.totals.netRaisedFen)}</strong>
                {t("funding.campaign.raised")}
              </div>
              <div className="stat">
                <strong>{formatFen(c.goalFen)}</strong>
                {t("funding.campaign.goal")}
              </div>
              <div className="stat">
                <strong>{accounts.donors}</strong>
                {t("funding.campaign.donors")}
              </div>
              <div className="stat">
                <strong>
                  <DaysLeft deadline={c.deadline} today={today} />
                </strong>
                {t("funding.campaign.deadline")} {c.deadline}
              </div>
            </div>
            {accounts.bySource.length > 1 ? <RaisedBySource rows={accounts.bySource} /> : null}
            <dl className="dl" style={{ marginTop: "1rem" }}>
              <dt>{t("funding.campaign.beneficiary")}</dt>
              <dd>{c.beneficiaryMasked}</dd>
              <dt>{t("funding.campaign.district")}</dt>
              <dd>{districtName(c.districtCode, locale)}</dd>
              <dt>{t("funding.campaign.host")}</dt>
              <dd>
                <Link to={`/orgs/${c.org.id}`}>{c.org.name}</Link>
              </dd>
              <dt>{t("funding.campaign.filingNumber")}</dt>
              <dd data-testid="filing-number">{c.filingNumber}</dd>
              {c.org.certificate ? (
                <>
                  <dt>{t("funding.campaign.certificate")}</dt>
                  <dd>{c.org.certificate}</dd>
                </>
              ) : null}
              {c.needId ? (
                <>
                  <dt>{t("funding.campaign.need")}</dt>
                  <dd>
                    <Link to={`/needs/${c.needId}`}>{c.needId}</Link>
                  </dd>
                </>
              ) : null}
            </dl>
          </section>
          {matching ? <MatchFundsCard summary={matching} /> : null}
          <section className="card">
            <h2>{t("funding.campaign.story")}</h2>
            {c.story.split(/\n+/).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
            <h3>{t("funding.campaign.budget")}</h3>
            <table>
              <thead>
                <tr>
                  <th>{t("funding.campaign.budgetItem")}</th>
                  <th>{t("funding.campaign.budgetAmount")}</th>
                </tr>
              </thead>
              <tbody>
                {c.budget.map((b, i) => (
                  <tr key={i}>
                    <td>{b.item}</td>
                    <td>{formatFen(b.amountFen)}</td>
                  </tr>
                ))}
                <tr>
                  <th>{t("funding.campaign.budgetTotal")}</th>
                  <th>{formatFen(budgetTotal)}</th>
                </tr>
              </tbody>
            </table>
          </section>
          <p>
            <Link to={`/campaigns/${c.id}/accounts`}>{t("funding.campaign.viewAccounts")}</Link>
          </p>
          <ReportLink type="campaign" id={c.id} />
          <section className="card">
            <h2>{t("funding.campaign.updates")}</h2>
            {accounts.updates.length ? (
              <>
                <ol className="timeline">
                  {accounts.updates.map((u) => (
                    <li key={u.id}>
                      <p className="muted small">{formatDate(u.createdAt, locale)}</p>
                      <p>{u.body}</p>
                    </li>
                  ))}
                </ol>
                <Pagination {...accounts.updatesPagination} param="updatesPage" />
              </>
            ) : (
              <p className="muted">{t("funding.campaign.noUpdates")}</p>
            )}
          </section>
        </div>
        <div>
          {monthly ? <MonthlyLink campaignId={c.id} /> : null}
          {frozen || disclosure.onHold || !["APPROVED", "FUNDED"].includes(c.status) ? null : <CapNotice cap={cap} reply={reply} signedInAs={signedInAs} providers={providers} />}
          {accepts && !disclosure.onHold ? <DonateForm reply={reply} signedInAs={signedInAs} providers={providers} /> : frozen ? <p className="card form-error">{t("freeze.errors.donationsSuspended")}</p> : <p className="card muted">{t("funding.campaign.notAccepting")}</p>}
          <section className="card" aria-labelledby="wall-title">
            <h2 id="wall-title">{t("funding.campaign.wall")}</h2>
            {wall.length ? (
              <>
                <ul className="donor-wall" data-testid="donor-wall">
                  {wall.map((d) => (
                    <li key={d.id}>
                      <strong>{d.name ?? t("funding.campaign.anonymous")}</strong> {formatFen(d.amountFen)}
                      {d.message ? <p className="muted small">{d.message}</p> : null}
                    </li>
                  ))}
                </ul>
                <Pagination {...wallPagination} param="wallPage" />
              </>
            ) : (
              <p className="muted">{t("funding.campaign.noDonors")}</p>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
