import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { loadUnit, unitFormDefaults, unitView } from "~/modules/pledges/units.server";
import { approvedProducerChoices, canteenShareBp, pledgesOfUnits } from "~/modules/pledges/pledges.server";
import { unitPageAction } from "~/modules/pledges/forms.server";
import { owesCanteenShare, shanghaiYear } from "~/modules/pledges/rules";
import type { FormReply } from "~/utils/forms";
import { BuyingUnitBody } from "~/components/pledges";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("pledges.staff.title", (d) => d?.unit?.name);

/** Any unit, for bureau staff: they may edit it and add pledges (audited). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const unit = await loadUnit(params.unitId);
  const [pledges, producers] = await Promise.all([pledgesOfUnits([unit.id]), approvedProducerChoices()]);
  return {
    unit: unitView(unit, true),
    defaults: unitFormDefaults(unit),
    pledges: pledges.get(unit.id) ?? [],
    producers,
    canAct: true,
    year: shanghaiYear(),
    floorBp: canteenShareBp(),
    owesShare: owesCanteenShare(unit),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const unit = await loadUnit(params.unitId);
  return unitPageAction(request, { unitId: unit.id, actorId: user.id, scope: { staff: true }, back: `/staff/buying-units/${unit.id}` });
}

export default function StaffBuyingUnit() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <p>
        <Link to="/staff/pledges">← {t("pledges.staff.title")}</Link>
      </p>
      <div className="page-head">
        <h1>{d.unit.name}</h1>
      </div>
      <BuyingUnitBody {...d} reply={reply} editLabel={t("pledges.unit.edit")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
