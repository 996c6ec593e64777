import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { loadUnit, unitFormDefaults, unitView } from "~/modules/pledges/units.server";
import { approvedProducerChoices, canteenShareBp, pledgesOfUnits } from "~/modules/pledges/pledges.server";
import { unitPageAction } from "~/modules/pledges/forms.server";
import { owesCanteenShare, shanghaiYear } from "~/modules/pledges/rules";
import type { FormReply } from "~/utils/forms";
import { BuyingUnitBody } from "~/components/pledges";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("pledges.org.tab", (d) => d?.unit?.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const unit = await loadUnit(params.unitId, { orgId: access.orgId });
  const canAct = !access.viaStaff;
  const [pledges, producers] = await Promise.all([pledgesOfUnits([unit.id]), canAct ? approvedProducerChoices() : []]);
  return {
    unit: unitView(unit, true),
    defaults: unitFormDefaults(unit),
    pledges: pledges.get(unit.id) ?? [],
    producers,
    canAct,
    year: shanghaiYear(),
    floorBp: canteenShareBp(),
    owesShare: owesCanteenShare(unit),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop", { requireApproved: true });
  const unit = await loadUnit(params.unitId, { orgId: access.orgId });
  return unitPageAction(request, { unitId: unit.id, actorId: access.user.id, scope: { orgId: access.orgId }, back: `/org/${access.orgId}/buying-units/${unit.id}` });
}

export default function OrgBuyingUnit() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <div className="page-head">
        <h2>{d.unit.name}</h2>
      </div>
      <BuyingUnitBody {...d} reply={reply} editLabel={t("pledges.unit.edit")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
