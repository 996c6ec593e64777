import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { prisma } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/responses.server";
import { getOptionalUser, isStaff } from "~/modules/accounts/auth.server";
import { getOrgRole } from "~/modules/organizations/permissions.server";
import { PUBLIC_FUND_STATUSES } from "~/modules/funds/schema.server";
import { publicAccounts } from "~/modules/campaigns/accounts.server";
import { fundAcceptsDonations } from "~/modules/campaigns/rules";
import { donorWall } from "~/modules/donations/donations.server";
import { donateAction } from "~/modules/donations/donate-action.server";
import { donateOptions } from "~/modules/donations/payway.server";
import { isFrozen } from "~/modules/donations/freeze.server";
import { districtName } from "~/modules/districts/districts";
import { formatFen } from "~/utils/format";
import type { FormReply } from "~/utils/forms";
import { DonateForm } from "~/components/donate-form";
import { MonthlyLink } from "~/components/monthly-link";
import { offersMonthly } from "~/modules/monthly/gifts.server";
import { FundingAccounts } from "~/components/funding-accounts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { excerpt, originFromMatches, shareMeta } from "~/modules/share/meta";
import { disclosureNotice } from "~/modules/disclosure/public.server";
import { DisclosureNotice } from "~/components/disclosure";
import { ReportLink } from "~/components/safeguards";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? shareMeta({ title: data.fund.name, description: excerpt(data.fund.purpose), path: `/funds/${data.fund.id}`, origin: originFromMatches(matches) }) : [{ title: "善联" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const f = await prisma.fund.findUnique({
    where: { id: params.fundId ?? "" },
    select: { id: true, orgId: true, name: true, purpose: true, beneficiaryGroups: true, districtCodes: true, startDate: true, status: true, org: { select: { id: true, name: true, status: true, publicFundraising: true } } },
  });
  invariantResponse(f && f.org.status === "APPROVED", 404);
  const user = await getOptionalUser(request);
  // Before staff approve it (or after rejection) only the managing organization and staff may look.
  if (!(PUBLIC_FUND_STATUSES as readonly string[]).includes(f.status)) {
    const allowed = isStaff(user) || (user ? (await getOrgRole(user.id, f.orgId)) !== null : false);
    invariantResponse(allowed, 404);
  }
  const pages = { disbursements: pageFrom(request, "disbursementsPage"), updates: pageFrom(request, "updatesPage") };
  const [accounts, { wall, pagination: wallPagination }] = await Promise.all([publicAccounts({ fundId: f.id }, pages), donorWall({ fundId: f.id }, pageFrom(request, "wallPage"))]);
  return {
    fund: { id: f.id, name: f.name, purpose: f.purpose, beneficiaryGroups: f.beneficiaryGroups, districtCodes: f.districtCodes, startDate: f.startDate.toISOString().slice(0, 10), status: f.status, org: { id: f.org.id, name: f.org.name } },
    frozen: await isFrozen({ fundId: f.id }),
    accepts: fundAcceptsDonations(f),
    providers: fundAcceptsDonations(f) ? await donateOptions(f.orgId) : [],
    accounts,
    wall,
    wallPagination,
    signedInAs: user?.displayName ?? null,
    monthly: await offersMonthly({ fundId: f.id }),
    disclosure: await disclosureNotice({ fundId: f.id }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  invariantResponse(formData.get("intent") === "donate", 400);
  return donateAction(request, formData, { fundId: params.fundId });
}

export default function FundPage() {
  const { fund: f, accepts, frozen, accounts, wall, wallPagination, signedInAs, providers, monthly, disclosure } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const [search] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{f.name}</h1>
        <span className={`status status-${f.status === "ACTIVE" ? "APPROVED" : f.status}`}>{t(`qualification.fundStatuses.${f.status}`)}</span>
      </div>
      {search.get("cancelled") ? <p className="flash flash-error">{t("funding.campaign.cancelled")}</p> : null}
      <DisclosureNotice notice={disclosure} />
      <div className="cards cards-main-side">
        <div>
          <section className="card">
            <dl className="dl">
              <dt>{t("funding.funds.manager")}</dt>
              <dd>
                <Link to={`/orgs/${f.org.id}`}>{f.org.name}</Link>
              </dd>
              <dt>{t("funding.funds.startDate")}</dt>
              <dd>{f.startDate}</dd>
              <dt>{t("funding.funds.groups")}</dt>
              <dd>{f.beneficiaryGroups.map((g) => t(`common.beneficiaryGroups.${g}`)).join("、")}</dd>
              <dt>{t("funding.funds.districts")}</dt>
              <dd>{f.districtCodes.map((d) => districtName(d, locale)).join("、")}</dd>
            </dl>
            <h2>{t("funding.funds.purpose")}</h2>
            {f.purpose.split(/\n+/).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </section>
          <ReportLink type="fund" id={f.id} />
          <FundingAccounts data={accounts} />
        </div>
        <div>
          {monthly ? <MonthlyLink fundId={f.id} /> : null}
          {accepts && !disclosure.onHold ? <DonateForm reply={reply} signedInAs={signedInAs} providers={providers} /> : frozen ? <p className="card form-error">{t("freeze.errors.donationsSuspended")}</p> : <p className="card muted">{t("funding.funds.offlineOnly")}</p>}
          <section className="card">
            <h2>{t("funding.campaign.wall")}</h2>
            {wall.length ? (
              <>
                <ul className="donor-wall">
                  {wall.map((d) => (
                    <li key={d.id}>
                      <strong>{d.name ?? t("funding.campaign.anonymous")}</strong> {formatFen(d.amountFen)}
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
