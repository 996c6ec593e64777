import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { requestPairingAction } from "~/modules/cross-region/forms.server";
import { listPairings } from "~/modules/cross-region/pairings.server";
import { isFromOtherProvince } from "~/modules/cross-region/provinces";
import { prisma } from "~/utils/db.server";
import type { FormReply } from "~/utils/forms";
import { FormError } from "~/components/form";
import { PairingsTable, PairingTargetFields } from "~/components/cross-region";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("crossRegion.pairings.title");

/** A supporting organization's pairings; its owner or admin may request a new one (staff decide). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:view");
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { creditCode: true } });
  const pairings = await listPairings({ supportOrgId: access.orgId });
  return {
    pairings: pairings.map((p) => ({ id: p.id, target: p.target, districtCode: p.districtCode, status: p.status, moneyFen: p.moneyFen, goodsFen: p.goodsFen })),
    canRequest: !access.viaStaff && access.orgStatus === "APPROVED" && isFromOtherProvince(org.creditCode) && (access.role === "OWNER" || access.role === "ADMIN"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:edit", { requireApproved: true });
  return requestPairingAction(request, access.user.id, access.orgId);
}

export default function OrgCooperation() {
  const { pairings, canRequest } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <h2>{t("crossRegion.pairings.title")}</h2>
      <PairingsTable pairings={pairings} testId="org-pairings" />
      {canRequest ? (
        <>
          <h3>{t("crossRegion.pairings.request")}</h3>
          <p className="muted">{t("crossRegion.pairings.requestIntro")}</p>
          <Form method="post" className="stack-form" noValidate>
            <FormError reply={reply} />
            <PairingTargetFields reply={reply} />
            <SubmitButton>{t("crossRegion.pairings.request")}</SubmitButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
