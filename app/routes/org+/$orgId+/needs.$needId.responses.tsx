import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { getNeed } from "~/modules/needs/queries.server";
import { decideResponse } from "~/modules/needs/responses.server";
import { DecisionSchema } from "~/modules/needs/schema";
import { NeedStatus, ProgressBars } from "~/components/need-ui";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { FormError } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { ResponsesTable } from "../../staff+/__need-responses";

/** The organization that proposed a need accepts or declines the offers made on it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:needs");
  invariantResponse(params.needId, 404);
  const need = await getNeed(params.needId, { allResponses: true });
  invariantResponse(need && need.proposedByOrgId === access.orgId, 404);
  return { need };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:needs", { requireApproved: true });
  invariantResponse(params.needId, 404);
  const needId = params.needId;
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(DecisionSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const result = await runAction(values, () => decideResponse({ userId: access.user.id, asStaff: false, orgId: access.orgId }, needId, parsed.data.responseId, parsed.data.decision, parsed.data.reason));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}/needs/${needId}/responses`, `needs.flash.${parsed.data.decision}`);
}

export default function OwnNeedResponses() {
  const { need } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <section className="card">
      <h2>
        <Link to={`/needs/${need.id}`}>{need.title}</Link> <NeedStatus status={need.status} />
      </h2>
      <FormError reply={reply} />
      <ProgressBars progress={need.progress} />
      <h3>{t("needs.org.manageResponses")}</h3>
      <ResponsesTable need={need} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
