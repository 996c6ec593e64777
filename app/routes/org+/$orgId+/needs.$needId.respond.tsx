import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { getNeed } from "~/modules/needs/queries.server";
import { respondToNeed } from "~/modules/needs/responses.server";
import { ResponseSchema } from "~/modules/needs/schema";
import { RESPONDABLE_STATUSES } from "~/modules/needs/types";
import { ProgressBars } from "~/components/need-ui";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { FormError, SelectField, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("needs.respond.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:needs", { requireApproved: true });
  invariantResponse(params.needId, 404);
  const need = await getNeed(params.needId, { allResponses: false, orgId: access.orgId });
  invariantResponse(need && need.isPublic, 404);
  const projects = await prisma.volunteerProject.findMany({ where: { orgId: access.orgId, status: "PUBLISHED" }, select: { id: true, title: true }, orderBy: { createdAt: "desc" }, take: 50 });
  return {
    orgId: access.orgId,
    need: { id: need.id, title: need.title, status: need.status, wantedKinds: need.wantedKinds, goods: need.goods, progress: need.progress, produceName: need.produceName, produceUnit: need.produceUnit, producePriceFen: need.producePriceFen },
    open: (RESPONDABLE_STATUSES as readonly string[]).includes(need.status) && need.proposedByOrgId !== access.orgId,
    projects,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:needs", { requireApproved: true });
  invariantResponse(params.needId, 404);
  const needId = params.needId;
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(ResponseSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const result = await runAction(values, () => respondToNeed(access.orgId, access.user.id, needId, parsed.data));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/needs/${needId}`, "needs.flash.responded");
}

export default function RespondToNeed() {
  const { need, open, projects } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="form-card">
      <h2>{t("needs.respond.title", { title: need.title })}</h2>
      <ProgressBars progress={need.progress} />
      {!open ? (
        <p className="form-error">{t("needs.detail.notOpen")}</p>
      ) : (
        <Form method="post" noValidate>
          <FormError reply={reply} />
          <SelectField name="kind" label={t("needs.respond.kind")} reply={reply} required options={need.wantedKinds.map((k) => ({ value: k, label: t(`needs.kinds.${k}`) }))} defaultValue={need.wantedKinds[0]} />
          {need.wantedKinds.includes("VOLUNTEERS") ? (
            <fieldset className="field">
              <legend>{t("needs.kinds.VOLUNTEERS")}</legend>
              <TextField name="volunteerCount" type="number" min={1} label={t("needs.respond.volunteerCount")} reply={reply} />
              {projects.length ? <SelectField name="projectId" label={t("needs.respond.project")} reply={reply} emptyLabel={t("needs.respond.noProject")} options={projects.map((p) => ({ value: p.id, label: p.title }))} /> : null}
            </fieldset>
          ) : null}
          {need.wantedKinds.includes("MONEY") ? (
            <fieldset className="field">
              <legend>{t("needs.kinds.MONEY")}</legend>
              <TextField name="amountYuan" label={t("needs.respond.amountYuan")} hint={t("needs.respond.pledgeNote")} reply={reply} />
            </fieldset>
          ) : null}
          {need.wantedKinds.includes("GOODS") ? (
            <fieldset className="field">
              <legend>{t("needs.kinds.GOODS")}</legend>
              <SelectField name="goodsItemId" label={t("needs.respond.goodsItem")} reply={reply} emptyLabel="" options={need.goods.map((g) => ({ value: g.id, label: `${g.name}（${g.quantity}${g.unit}）` }))} />
            </fieldset>
          ) : null}
          {need.wantedKinds.includes("GOODS") || need.wantedKinds.includes("PURCHASE") ? <TextField name="quantity" type="number" min={1} label={t("needs.respond.quantity")} reply={reply} /> : null}
          {need.wantedKinds.includes("PURCHASE") ? <TextField name="unitPriceYuan" label={t("needs.respond.unitPriceYuan")} reply={reply} /> : null}
          <TextField name="message" multiline rows={3} maxLength={500} label={t("needs.respond.message")} reply={reply} />
          <button type="submit" disabled={busy}>
            {t("needs.respond.submit")}
          </button>
        </Form>
      )}
      <p>
        <Link to={`/needs/${need.id}`}>{t("common.actions.back")}</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
