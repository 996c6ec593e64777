import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { merchantSettings, merchantSettingsAction } from "~/modules/payments/merchant-settings.server";
import { publicOrigin } from "~/modules/share/urls.server";
import { FundingSubnav } from "~/components/funding-subnav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MerchantSettings } from "~/components/merchant-settings";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import type { FormReply } from "~/utils/forms";

export const meta = pageTitle("merchants.org.title");

/** The organization's own WeChat Pay / Alipay merchant credentials (org:finance; bureau staff may look). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  return { orgId: access.orgId, canAct: !access.viaStaff, ...(await merchantSettings({ orgId: access.orgId }, publicOrigin(request))) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  return merchantSettingsAction(request, { orgId: access.orgId }, access.user.id, `/org/${access.orgId}/payments`);
}

export default function OrgPayments() {
  const { orgId, canAct, accounts, keyConfigured } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <FundingSubnav orgId={orgId} />
      <h2>{t("merchants.org.title")}</h2>
      <p className="muted">{t("merchants.org.intro")}</p>
      {!canAct ? <p className="muted">{t("merchants.org.viewOnly")}</p> : null}
      <MerchantSettings accounts={accounts} keyConfigured={keyConfigured} canAct={canAct} reply={reply} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
