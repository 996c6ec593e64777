import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireBureauAdmin } from "~/modules/accounts/auth.server";
import { merchantSettings, merchantSettingsAction } from "~/modules/payments/merchant-settings.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MerchantSettings } from "~/components/merchant-settings";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import type { FormReply } from "~/utils/forms";

export const meta = pageTitle("merchants.staff.title");

/** The platform's own merchant accounts (orgId null, used by the shop): bureau admins only. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireBureauAdmin(request);
  return merchantSettings({ orgId: null });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireBureauAdmin(request);
  return merchantSettingsAction(request, { orgId: null }, admin.id, "/staff/payments");
}

export default function StaffPayments() {
  const { accounts, keyConfigured } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <h1>{t("merchants.staff.title")}</h1>
      <p className="muted">{t("merchants.staff.intro")}</p>
      <MerchantSettings accounts={accounts} keyConfigured={keyConfigured} canAct reply={reply} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
