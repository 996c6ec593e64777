import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { newUnitAction } from "~/modules/pledges/forms.server";
import type { FormReply } from "~/utils/forms";
import { BuyingUnitForm } from "~/components/pledges";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("pledges.unit.new");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrgPermission(request, params.orgId, "org:shop", { requireApproved: true });
  return {};
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop", { requireApproved: true });
  return newUnitAction(request, { orgId: access.orgId, actorId: access.user.id, pageOf: (id) => `/org/${access.orgId}/buying-units/${id}` });
}

export default function NewBuyingUnit() {
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <h2>{t("pledges.unit.new")}</h2>
      <p className="muted">{t("pledges.unit.newIntro")}</p>
      <BuyingUnitForm reply={reply} submitLabel={t("pledges.unit.register")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
