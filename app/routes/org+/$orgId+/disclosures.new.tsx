import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { disclosureDraft, fileDisclosure } from "~/modules/disclosure/filing.server";
import { disclosureSchema, parseTarget, targetQuerySchema } from "~/modules/disclosure/schema";
import { checkUpload, DOCUMENT_TYPES, parseMultipart } from "~/modules/files/files.server";
import { MAX_UPLOAD_BYTES } from "~/modules/campaigns/host-actions.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction } from "~/utils/responses.server";
import { FormError, SelectField, TextField } from "~/components/form";
import { FundingSubnav } from "~/components/funding-subnav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/submit-button";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("disclosure.form.title");

const yuan = (fen: bigint) => `${fen < 0n ? "-" : ""}${(fen < 0n ? -fen : fen) / 100n}.${((fen < 0n ? -fen : fen) % 100n).toString().padStart(2, "0")}`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const query = targetQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  invariantResponse(query.success, 404);
  const draft = await disclosureDraft(access.orgId, query.data);
  invariantResponse(draft, 404);
  return {
    orgId: access.orgId,
    canAct: !access.viaStaff,
    target: { value: `${draft.target.type}:${draft.target.id}`, name: draft.target.name, ended: Boolean(draft.target.endedOn) },
    defaults: { kind: draft.kind, periodStart: draft.periodStart, periodEnd: draft.periodEnd, income: yuan(draft.incomeFen < 0n ? 0n : draft.incomeFen), spending: yuan(draft.spendingFen) },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const { formData, files } = await parseMultipart(request, MAX_UPLOAD_BYTES);
  const values = formToObject(formData);
  const parsed = parseWithSchema(disclosureSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const evidence = files.filter((f) => f.fieldName === "evidence");
  for (const f of evidence) {
    const err = checkUpload(f, DOCUMENT_TYPES);
    if (err) return data({ values, fieldErrors: { evidence: err } }, { status: 400 });
  }
  const d = parsed.data;
  const res = await runAction(values, () =>
    fileDisclosure({
      orgId: access.orgId,
      target: parseTarget(d.target),
      kind: d.kind,
      periodStart: d.periodStart,
      periodEnd: d.periodEnd,
      incomeFen: d.income,
      spendingFen: d.spending,
      beneficiaryProgress: d.beneficiaryProgress,
      body: d.body,
      evidence,
      actorId: access.user.id,
    }),
  );
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/org/${access.orgId}/disclosures`, res.value.holdLifted ? "disclosure.flash.filedLifted" : "disclosure.flash.filed");
}

export default function NewDisclosure() {
  const { orgId, canAct, target, defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const kinds = target.ended ? (["FINAL", "PERIODIC"] as const) : (["PERIODIC"] as const);
  return (
    <div>
      <FundingSubnav orgId={orgId} />
      <p>
        <Link to={`/org/${orgId}/disclosures`}>← {t("disclosure.org.title")}</Link>
      </p>
      <h2>
        {t("disclosure.form.title")} · {target.name}
      </h2>
      {canAct ? (
        <Form method="post" encType="multipart/form-data" className="card form-card" aria-label={t("disclosure.form.title")}>
          <FormError reply={reply} />
          <input type="hidden" name="target" value={target.value} />
          <SelectField name="kind" label={t("disclosure.form.kind")} reply={reply} defaultValue={defaults.kind} required options={kinds.map((k) => ({ value: k, label: t(`disclosure.kinds.${k}`) }))} />
          <TextField name="periodStart" type="date" label={t("disclosure.form.periodStart")} reply={reply} defaultValue={defaults.periodStart} required />
          <TextField name="periodEnd" type="date" label={t("disclosure.form.periodEnd")} reply={reply} defaultValue={defaults.periodEnd} required />
          <p className="muted small">{t("disclosure.form.ledgerHint")}</p>
          <TextField name="income" label={t("disclosure.form.income")} reply={reply} defaultValue={defaults.income} required />
          <TextField name="spending" label={t("disclosure.form.spending")} reply={reply} defaultValue={defaults.spending} required />
          <TextField name="beneficiaryProgress" label={t("disclosure.form.progress")} hint={t("disclosure.form.progressHint")} reply={reply} multiline rows={3} maxLength={2000} required />
          <TextField name="body" label={t("disclosure.form.body")} reply={reply} multiline rows={6} maxLength={5000} required />
          <div className={`field${reply?.fieldErrors?.evidence ? " field-invalid" : ""}`}>
            <label htmlFor="evidence">{t("disclosure.form.evidence")}</label>
            <input id="evidence" type="file" name="evidence" multiple accept="application/pdf,image/png,image/jpeg,image/webp" />
            {reply?.fieldErrors?.evidence ? <p className="field-error">{t(reply.fieldErrors.evidence)}</p> : null}
          </div>
          <SubmitButton className="button">{t("disclosure.form.submit")}</SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
