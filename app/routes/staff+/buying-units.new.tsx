import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { newUnitAction } from "~/modules/pledges/forms.server";
import type { FormReply } from "~/utils/forms";
import { BuyingUnitForm } from "~/components/pledges";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("pledges.staff.newUnit");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return {};
}

/** Staff register a unit themselves (no registering organization); audited like any other. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  return newUnitAction(request, { orgId: null, actorId: user.id, pageOf: (id) => `/staff/buying-units/${id}` });
}

export default function StaffNewBuyingUnit() {
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <h1>{t("pledges.staff.newUnit")}</h1>
      <p className="muted">{t("pledges.unit.newIntro")}</p>
      <BuyingUnitForm reply={reply} submitLabel={t("pledges.unit.register")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
