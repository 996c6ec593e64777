import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { prisma } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";
import { pageFrom } from "~/utils/pagination.server";
import { PUBLIC_STATUSES } from "~/modules/campaigns/campaigns.server";
import { publicAccounts } from "~/modules/campaigns/accounts.server";
import { FundingAccounts } from "~/components/funding-accounts";
import { ProgressBar } from "~/components/campaign-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { publicDisclosures } from "~/modules/disclosure/public.server";
import { DisclosureList } from "~/components/disclosure";

export const meta = pageTitle("funding.accounts.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const c = await prisma.campaign.findUnique({ where: { id: params.campaignId ?? "" }, select: { id: true, orgId: true, title: true, status: true, goalFen: true, filingNumber: true, org: { select: { name: true } } } });
  invariantResponse(c && (PUBLIC_STATUSES.includes(c.status) || c.status === "SUSPENDED"), 404);
  return { campaign: { id: c.id, title: c.title, goalFen: c.goalFen.toString(), filingNumber: c.filingNumber, org: c.org.name }, accounts: await publicAccounts({ campaignId: c.id }, { disbursements: pageFrom(request, "disbursementsPage"), updates: pageFrom(request, "updatesPage") }), disclosures: await publicDisclosures({ campaignId: c.id }, c.orgId, await getOptionalUser(request), pageFrom(request, "disclosuresPage")) };
}

export default function CampaignAccounts() {
  const { campaign, accounts, disclosures } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <p>
        <Link to={`/campaigns/${campaign.id}`}>← {campaign.title}</Link>
      </p>
      <h1>
        {t("funding.accounts.title")} · {campaign.title}
      </h1>
      <p className="muted">
        {campaign.org} · {t("funding.campaign.filingNumber")} {campaign.filingNumber}
      </p>
      <ProgressBar raisedFen={accounts.totals.netRaisedFen} goalFen={campaign.goalFen} />
      <FundingAccounts data={accounts} />
      <DisclosureList {...disclosures} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
