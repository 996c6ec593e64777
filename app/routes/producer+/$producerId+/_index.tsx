import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { getProducerAuditTrail, getProducerProfile } from "~/modules/producers/producers.server";
import { addHouseholds, listHouseholds, removeHousehold } from "~/modules/producers/households.server";
import { linkProducerAccount, unlinkProducerAccount } from "~/modules/producers/account.server";
import { currentSuspension } from "~/modules/producers/review.server";
import { WorkspaceIntentSchema } from "~/modules/producers/schema";
import { withHouseholdLines } from "~/modules/producers/form";
import { districtName } from "~/modules/districts/districts";
import { AuditTrail } from "~/components/audit-trail";
import { FormError, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { formatDate, formatDateTime } from "~/utils/format";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";

export const meta = pageTitle("producers.workspace.overview");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "view");
  const [producer, households, suspension, trail] = await Promise.all([
    getProducerProfile(access.producer.id),
    listHouseholds(access.producer.id),
    access.producer.status === "SUSPENDED" ? currentSuspension(access.producer.id) : Promise.resolve(null),
    getProducerAuditTrail(access.producer.id),
  ]);
  invariantResponse(producer, 404);
  // The supporting organization acts for the producer; its own account and staff read here.
  return {
    producer,
    households,
    suspension,
    trail,
    canManage: access.via === "org",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "manage");
  invariantResponse(access.via === "org", 403, "producers.errors.notYours");
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(WorkspaceIntentSchema, values);
  if (!parsed.ok)
    return data(withHouseholdLines(parsed.reply, values.households), {
      status: 400,
    });
  const id = access.producer.id;
  const back = `/producer/${id}`;
  const intent = parsed.data;
  switch (intent.intent) {
    case "addHouseholds": {
      const res = await runAction(values, () => addHouseholds(id, access.user.id, intent.households));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "producers.flash.householdsAdded", res.value);
    }
    case "removeHousehold": {
      const res = await runAction(values, () => removeHousehold(id, access.user.id, intent.householdId));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "producers.flash.householdRemoved");
    }
    case "linkAccount": {
      const res = await runAction(values, () => linkProducerAccount(id, access.user.id, intent.email));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "producers.flash.accountLinked", res.value);
    }
    case "unlinkAccount": {
      const res = await runAction(values, () => unlinkProducerAccount(id, access.user.id));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "producers.flash.accountUnlinked");
    }
  }
}

export default function ProducerOverview() {
  const { producer: p, households, suspension, trail, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const replyFor = (intent: string) => (actionData?.values?.intent === intent ? actionData : undefined);
  const editable = canManage && p.status !== "REJECTED";
  return (
    <div>
      <div className="button-row" style={{ marginTop: 0 }}>
        {editable ? (
          <Link className="button" to="edit">
            {t("producers.overview.edit")}
          </Link>
        ) : null}
        {p.status === "APPROVED" ? (
          <Link className="button button-secondary" to={`/producers/${p.id}`}>
            {t("producers.overview.publicPage")}
          </Link>
        ) : null}
      </div>
      {suspension ? (
        <div className="form-error">
          {t("producers.overview.suspended", {
            category: suspension.category ? t(`producers.review.categories.${suspension.category}`) : "—",
            reason: suspension.reason ?? "",
          })}
        </div>
      ) : p.reviewReason && (p.status === "RETURNED" || p.status === "REJECTED") ? (
        <div className="form-error">
          {t("producers.overview.reviewReason")}：{p.reviewReason}
        </div>
      ) : null}
      <div className="cards">
        <section className="card">
          <h2>{t("producers.overview.profile")}</h2>
          <dl className="dl">
            <dt>{t("producers.form.kind")}</dt>
            <dd>{t(`producers.kinds.${p.kind}`)}</dd>
            {p.creditCode ? (
              <>
                <dt>{t("producers.form.creditCode")}</dt>
                <dd>{p.creditCode}</dd>
              </>
            ) : null}
            <dt>{t("producers.overview.location")}</dt>
            <dd>{[districtName(p.districtCode, locale), p.town, p.village].filter(Boolean).join(" ")}</dd>
            <dt>{t("producers.overview.supportOrg")}</dt>
            <dd>{p.supportOrg.name}</dd>
            <dt>{t("producers.form.contactName")}</dt>
            <dd>
              {p.contactName} · {p.contactPhone}
            </dd>
            {p.originStatement ? (
              <>
                <dt>{t("producers.form.originStatement")}</dt>
                <dd>{p.originStatement}</dd>
              </>
            ) : null}
            <dt>{t("producers.overview.declared")}</dt>
            <dd>{p.householdCount}</dd>
            <dt>{t("producers.overview.householdsShown")}</dt>
            <dd>{p.households}</dd>
            <dt>{t("producers.overview.createdAt")}</dt>
            <dd>{formatDate(p.createdAt, locale)}</dd>
            {p.approvedAt ? (
              <>
                <dt>{t("producers.overview.approvedAt")}</dt>
                <dd>{formatDateTime(p.approvedAt, locale)}</dd>
              </>
            ) : null}
          </dl>
          {p.description ? <p style={{ whiteSpace: "pre-line" }}>{p.description}</p> : null}
        </section>

        <section className="card">
          <h2>{t("producers.households.title")}</h2>
          <p className="muted">{t("producers.households.intro")}</p>
          <p>{t("producers.households.named", { count: households.length })}</p>
          {households.length ? (
            <ul>
              {households.map((h) => (
                <li key={h.id}>
                  <code>{h.idNumberMasked}</code>{" "}
                  {editable ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="removeHousehold" />
                      <input type="hidden" name="householdId" value={h.id} />
                      <SubmitButton className="button-small button-secondary">{t("producers.households.remove")}</SubmitButton>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("producers.households.empty")}</p>
          )}
          {editable ? (
            <Form method="post" noValidate>
              <FormError reply={replyFor("addHouseholds")} />
              <input type="hidden" name="intent" value="addHouseholds" />
              <TextField name="households" multiline rows={4} label={t("producers.form.households")} hint={t("producers.form.householdsHint")} reply={replyFor("addHouseholds")} autoComplete="off" />
              <SubmitButton>{t("producers.households.add")}</SubmitButton>
            </Form>
          ) : null}
        </section>

        <section className="card">
          <h2>{t("producers.account.title")}</h2>
          <p className="muted">{t("producers.account.intro")}</p>
          {p.accountUser ? (
            <p>
              {t("producers.account.current", {
                name: p.accountUser.displayName,
                email: p.accountUser.email,
              })}
            </p>
          ) : (
            <p>{t("producers.account.none")}</p>
          )}
          {editable ? (
            <>
              <Form method="post" noValidate>
                <FormError reply={replyFor("linkAccount")} />
                <input type="hidden" name="intent" value="linkAccount" />
                <TextField name="email" type="email" label={t("producers.account.email")} reply={replyFor("linkAccount")} maxLength={254} autoComplete="off" />
                <SubmitButton>{t("producers.account.link")}</SubmitButton>
              </Form>
              {p.accountUser ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="unlinkAccount" />
                  <SubmitButton className="button-secondary">{t("producers.account.unlink")}</SubmitButton>
                </Form>
              ) : null}
            </>
          ) : null}
        </section>

        <section className="card">
          <h2>{t("producers.overview.history")}</h2>
          <AuditTrail entries={trail} ns="producers" />
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
