import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/modules/accounts/auth.server";
import { convertToNeed, decideRequest, staffScope, viewRequest } from "~/modules/help/triage.server";
import { IntentSchema, OutcomeSchema } from "~/modules/help/schema";
import { NEED_ARRAY_FIELDS, NeedSchema } from "~/modules/needs/schema";
import { NEED_CATEGORIES, NEED_URGENCIES } from "~/modules/needs/types";
import { DISTRICTS, districtName } from "~/modules/districts/districts";
import { FormError, SelectField, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { fields } from "~/utils/fields";
import { AppError } from "~/utils/errors";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatDateTime } from "~/utils/format";
import { getT } from "~/modules/i18n/i18n.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("help.staff.detailTitle");

/** A service's AppError as the 403/404 the error boundary renders. */
async function orRespond<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && e.status < 500) throw new Response(JSON.stringify({ messageKey: e.messageKey }), { status: e.status, headers: { "Content-Type": "application/json" } });
    throw e;
  }
}

/** Sensitive personal data: never kept by a browser or proxy cache. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const scope = await orRespond(() => staffScope(staff.id));
  const r = await orRespond(() => viewRequest(scope, params.requestId ?? ""));
  const t = await getT(request);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return data(
    {
      request: { ...r, createdAt: r.createdAt.toISOString(), handledAt: iso(r.handledAt), medicalConsentAt: iso(r.medicalConsentAt), guardianConsentAt: iso(r.guardianConsentAt), documents: r.documents.map((d) => d.file) },
      isOwn: r.submittedById === staff.id,
      // Only what is not personal is prefilled: the staff member writes the public text.
      titleDefault: t("help.staff.titleDefault", { district: districtName(r.districtCode), town: r.town ?? "", category: t(`needs.categories.${r.category}`) }),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const ConvertExtra = z.object({ outcomeNote: fields.optionalText(500) });

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const scope = await orRespond(() => staffScope(staff.id));
  const requestId = params.requestId ?? "";
  const values = formToObject(await readFormData(request), NEED_ARRAY_FIELDS);
  const intent = parseWithSchema(IntentSchema, values);
  if (!intent.ok) return data(intent.reply, { status: 400 });
  const back = `/staff/help/${requestId}`;
  if (intent.data.intent === "convert") {
    const need = parseWithSchema(NeedSchema, values);
    const extra = parseWithSchema(ConvertExtra, values);
    if (!need.ok || !extra.ok) {
      const fieldErrors = { ...(need.ok ? {} : need.reply.fieldErrors), ...(extra.ok ? {} : extra.reply.fieldErrors) };
      return data({ values, fieldErrors }, { status: 400 });
    }
    const res = await runAction(values, () => convertToNeed(scope, requestId, need.data, extra.data.outcomeNote));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, back, "help.flash.converted");
  }
  const outcome = parseWithSchema(OutcomeSchema, values);
  if (!outcome.ok) return data(outcome.reply, { status: 400 });
  const res = await runAction(values, () => decideRequest(scope, requestId, outcome.data.intent, outcome.data.note));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, back, outcome.data.intent === "refer" ? "help.flash.referred" : "help.flash.closed");
}

export default function StaffHelpRequest() {
  const { request: r, isOwn, titleDefault } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const replyFor = (intent: string) => (result?.values?.intent === intent ? result : undefined);
  const sensitive = Boolean(r.medicalDetails || r.childDetails);
  return (
    <div>
      <div className="page-head">
        <h1>{t("help.staff.detailTitle")}</h1>
        <span className={`status status-${r.status}`}>{t(`help.statuses.${r.status}`)}</span>
      </div>
      {sensitive ? (
        <p className="form-error" role="note">
          {t("help.staff.sensitiveNote")}
        </p>
      ) : null}
      {result?.formError && !result.values?.intent ? <FormError reply={result} /> : null}
      <section className="card">
        <dl className="dl">
          <dt>{t("help.staff.received")}</dt>
          <dd>{formatDateTime(r.createdAt, locale)}</dd>
          <dt>{t("help.fields.category")}</dt>
          <dd>{t(`needs.categories.${r.category}`)}</dd>
          <dt>{t("help.fields.district")}</dt>
          <dd>{[districtName(r.districtCode, locale), r.town, r.village].filter(Boolean).join(" ")}</dd>
          <dt>{t("help.staff.forWhom")}</dt>
          <dd>{t(`help.forWhom.${r.forWhom}`)}</dd>
          <dt>{t("help.staff.contact")}</dt>
          <dd data-testid="contact">
            {r.contactName} · <a href={`tel:${r.contactPhone}`}>{r.contactPhone}</a>
          </dd>
        </dl>
        <h2>{t("help.staff.needText")}</h2>
        <p className="prewrap" data-testid="need-text">
          {r.needText}
        </p>
        {r.medicalDetails ? (
          <>
            <h2>{t("help.staff.medical")}</h2>
            <p className="prewrap" data-testid="medical">
              {r.medicalDetails}
            </p>
            <p className="muted">
              {t("help.staff.medicalConsentAt")}：{formatDateTime(r.medicalConsentAt, locale)}
            </p>
          </>
        ) : null}
        {r.involvesChild ? (
          <>
            <h2>{t("help.staff.child")}</h2>
            {r.childDetails ? <p className="prewrap">{r.childDetails}</p> : <p className="muted">{t("help.fields.involvesChild")}</p>}
            {r.guardianName ? (
              <p className="muted">
                {t("help.staff.guardian")}：{r.guardianName} · {t("help.staff.guardianConsentAt")}：{formatDateTime(r.guardianConsentAt, locale)}
              </p>
            ) : null}
          </>
        ) : null}
        <h2>{t("help.staff.documents")}</h2>
        {r.documents.length ? (
          <ul>
            {r.documents.map((d) => (
              <li key={d.id}>
                <a href={`/files/${d.id}`}>{d.fileName}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("help.staff.noDocuments")}</p>
        )}
      </section>
      {r.status !== "NEW" ? (
        <section className="card">
          <p>{t("help.staff.handled", { status: t(`help.statuses.${r.status}`) })}</p>
          {r.handledAt ? <p className="muted">{formatDateTime(r.handledAt, locale)}</p> : null}
          {r.outcomeNote ? <p className="prewrap">{r.outcomeNote}</p> : null}
          {r.needId ? <a href={`/staff/needs/${r.needId}`}>{t("help.track.needLink")}</a> : null}
        </section>
      ) : isOwn ? (
        <p className="card muted">{t("help.staff.ownRequest")}</p>
      ) : (
        <>
          <ConvertForm reply={replyFor("convert")} titleDefault={titleDefault} defaults={{ category: r.category, districtCode: r.districtCode, town: r.town ?? "" }} />
          <OutcomeForm intent="refer" reply={replyFor("refer")} />
          <OutcomeForm intent="close" reply={replyFor("close")} />
        </>
      )}
    </div>
  );
}

function ConvertForm({ reply, titleDefault, defaults }: { reply?: FormReply; titleDefault: string; defaults: { category: string; districtCode: string; town: string } }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="post" className="card" noValidate aria-labelledby="help-convert-title">
      <h2 id="help-convert-title">{t("help.staff.convertTitle")}</h2>
      <p className="form-error" role="note">
        {t("help.staff.convertIntro")}
      </p>
      <FormError reply={reply} />
      <input type="hidden" name="intent" value="convert" />
      <TextField name="title" label={t("needs.fields.title")} reply={reply} required maxLength={80} defaultValue={titleDefault} />
      <TextField name="description" label={t("needs.fields.description")} hint={t("needs.fields.descriptionHint")} reply={reply} required multiline rows={5} maxLength={3000} />
      <div className="form-grid">
        <SelectField name="category" label={t("needs.fields.category")} reply={reply} required options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`needs.categories.${c}`) }))} defaultValue={defaults.category} />
        <SelectField name="urgency" label={t("needs.fields.urgency")} reply={reply} options={NEED_URGENCIES.map((u) => ({ value: u, label: t(`needs.urgencies.${u}`) }))} defaultValue="NORMAL" />
        <SelectField name="districtCode" label={t("needs.fields.district")} reply={reply} required options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))} defaultValue={defaults.districtCode} />
        <TextField name="town" label={t("needs.fields.town")} reply={reply} maxLength={40} defaultValue={defaults.town} />
        <TextField name="village" label={t("needs.fields.village")} reply={reply} maxLength={40} />
        <TextField name="peopleAffected" type="number" min={1} label={t("needs.fields.peopleAffected")} reply={reply} />
        <TextField name="wantVolunteers" type="number" min={1} label={t("needs.fields.wantVolunteers")} reply={reply} />
        <TextField name="wantMoneyYuan" label={t("needs.fields.wantMoneyYuan")} reply={reply} />
        <TextField name="goodsName0" label={t("needs.fields.goodsName")} reply={reply} maxLength={40} />
        <TextField name="goodsQuantity0" type="number" min={1} label={t("needs.fields.goodsQuantity")} reply={reply} />
        <TextField name="goodsUnit0" label={t("needs.fields.goodsUnit")} reply={reply} maxLength={10} />
      </div>
      {reply?.fieldErrors?.goods ? (
        <p className="field-error" role="alert">
          {t(reply.fieldErrors.goods)}
        </p>
      ) : null}
      <TextField name="outcomeNote" label={t("help.staff.convertNote")} reply={reply} multiline rows={2} maxLength={500} />
      <button type="submit">{t("help.staff.convertSubmit")}</button>
    </Form>
  );
}

function OutcomeForm({ intent, reply }: { intent: "refer" | "close"; reply?: FormReply }) {
  const t = useT();
  return (
    <Form method="post" className="card" noValidate>
      <h2>{t(`help.staff.${intent}Title`)}</h2>
      <FormError reply={reply} />
      <input type="hidden" name="intent" value={intent} />
      <TextField name="note" label={t(`help.staff.${intent}Note`)} reply={reply} required multiline rows={3} maxLength={500} />
      <button type="submit" className={intent === "close" ? "button-secondary" : undefined}>
        {t(`help.staff.${intent}Submit`)}
      </button>
    </Form>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
