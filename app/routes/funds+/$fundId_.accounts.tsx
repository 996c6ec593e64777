import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { prisma } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";
import { pageFrom } from "~/utils/pagination.server";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { PUBLIC_FUND_STATUSES } from "~/modules/funds/schema";
import { publicAccounts } from "~/modules/campaigns/accounts.server";
import { publicDisclosures } from "~/modules/disclosure/public.server";
import { FundingAccounts } from "~/components/funding-accounts";
import { DisclosureList } from "~/components/disclosure";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.accounts.title");

/** A fund's public accounts and every disclosure it filed (the campaign has the same page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const f = await prisma.fund.findUnique({ where: { id: params.fundId ?? "" }, select: { id: true, orgId: true, name: true, status: true, filingNumber: true, org: { select: { name: true, status: true } } } });
  invariantResponse(f && f.org.status === "APPROVED" && (PUBLIC_FUND_STATUSES as readonly string[]).includes(f.status), 404);
  const [accounts, disclosures] = await Promise.all([
    publicAccounts({ fundId: f.id }, { disbursements: pageFrom(request, "disbursementsPage"), updates: pageFrom(request, "updatesPage") }),
    publicDisclosures({ fundId: f.id }, f.orgId, await getOptionalUser(request), pageFrom(request, "disclosuresPage")),
  ]);
  return { fund: { id: f.id, name: f.name, filingNumber: f.filingNumber, org: f.org.name }, accounts, disclosures };
}

export default function FundAccounts() {
  const { fund, accounts, disclosures } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <p>
        <Link to={`/funds/${fund.id}`}>← {fund.name}</Link>
      </p>
      <h1>
        {t("funding.accounts.title")} · {fund.name}
      </h1>
      <p className="muted">
        {fund.org}
        {fund.filingNumber ? ` · ${t("funding.campaign.filingNumber")} ${fund.filingNumber}` : ""}
      </p>
      <FundingAccounts data={accounts} />
      <DisclosureList {...disclosures} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
