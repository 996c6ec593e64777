import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { decideCertification, dismissReports, restoreProduct, staffProductDetail, takeDownProduct } from "~/modules/products/staff.server";
import { CERT_DECISIONS, certDecisionSchema, restoreSchema, takedownSchema } from "~/modules/products/schema";
import { priceAboveReference } from "~/modules/products/rules";
import { districtName } from "~/modules/districts/districts";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatDateTime, formatFen } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.staff.title", (d) => d?.product?.name);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const p = await staffProductDetail(params.productId ?? "");
  invariantResponse(p, 404);
  return {
    product: {
      id: p.id, name: p.name, status: p.status, category: p.category, unit: p.unit, spec: p.spec, description: p.description,
      priceFen: p.priceFen.toString(), referencePriceFen: p.referencePriceFen?.toString() ?? null, priceWarning: priceAboveReference(p.priceFen, p.referencePriceFen),
      originDistrictCode: p.originDistrictCode, originPlace: p.originPlace, certNumber: p.certNumber, certExpiresOn: p.certExpiresOn?.toISOString().slice(0, 10) ?? null,
      certVerified: Boolean(p.certVerifiedAt), certified: p.certified, takedownReason: p.takedownReason, openReports: p.openReports,
      producer: { id: p.producer.id, name: p.producer.name, status: p.producer.status, supportOrg: p.producer.supportOrg },
      history: p.history.map((h) => ({ id: h.id.toString(), action: h.action, reason: h.reason, createdAt: h.createdAt.toISOString() })),
    },
  };
}

/** Staff decisions, by intent; each is audited, and refused (403) to members of the supporting organization. */
export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const id = params.productId ?? "";
  const back = `/staff/products/${id}`;
  const values = formToObject(await readFormData(request));
  switch (values.intent) {
    case "certification": {
      const parsed = parseWithSchema(certDecisionSchema, values);
      if (!parsed.ok) return data(parsed.reply, { status: 400 });
      const res = await runAction(values, () => decideCertification(id, staff.id, parsed.data.decision, parsed.data.reason));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, parsed.data.decision === "VERIFY" ? "shop.staff.flash.verified" : "shop.staff.flash.rejected");
    }
    case "takedown": {
      const parsed = parseWithSchema(takedownSchema, values);
      if (!parsed.ok) return data(parsed.reply, { status: 400 });
      const res = await runAction(values, () => takeDownProduct(id, staff.id, parsed.data.reason));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "shop.staff.flash.takenDown");
    }
    case "restore":
    case "dismiss": {
      const parsed = parseWithSchema(restoreSchema, values);
      if (!parsed.ok) return data(parsed.reply, { status: 400 });
      const res = await runAction(values, () => (values.intent === "restore" ? restoreProduct(id, staff.id, parsed.data.reason) : dismissReports(id, staff.id, parsed.data.reason)));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, values.intent === "restore" ? "shop.staff.flash.restored" : "shop.staff.flash.dismissed");
    }
    default:
      return data({ values, formError: "validation.choice" }, { status: 400 });
  }
}

export default function StaffProduct() {
  const { product: p } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const replyFor = (intent: string) => (reply?.values?.intent === intent ? reply : undefined);
  return (
    <div>
      <p>
        <Link to="/staff/products">← {t("shop.staff.title")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("shop.staff.detailTitle", { name: p.name })}</h1>
        <span className={`status status-${p.status}`} data-testid="product-status">
          {t(`shop.products.statuses.${p.status}`)}
        </span>
      </div>
      {reply?.formError && !reply.values?.intent ? <FormError reply={reply} /> : null}
      <section className="card">
        <dl className="dl">
          <dt>{t("shop.staff.producer")}</dt>
          <dd>
            {p.producer.name} <span className={`status status-${p.producer.status}`}>{t(`producers.statuses.${p.producer.status}`)}</span>
          </dd>
          <dt>{t("shop.staff.supportOrg")}</dt>
          <dd>{p.producer.supportOrg.name}</dd>
          <dt>{t("shop.products.fields.category")}</dt>
          <dd>{t(`shop.products.categories.${p.category}`)}</dd>
          <dt>{t("shop.products.fields.price")}</dt>
          <dd>
            {formatFen(p.priceFen, locale)}
            {t("shop.catalogue.perUnit", { unit: p.unit })}
            {p.referencePriceFen ? ` · ${t("shop.catalogue.referencePrice", { price: formatFen(p.referencePriceFen, locale) })}` : ""}
            {p.priceWarning ? <div className="price-warning">{t("shop.catalogue.priceWarning")}</div> : null}
          </dd>
          <dt>{t("shop.catalogue.origin")}</dt>
          <dd>
            {districtName(p.originDistrictCode, locale)} {p.originPlace ?? ""}
          </dd>
          <dt>{t("shop.staff.certificate")}</dt>
          <dd data-testid="cert-line">
            {p.certNumber ? `${p.certNumber} · ${t("shop.staff.expires")} ${p.certExpiresOn}` : "—"}
            {p.certified ? (
              <>
                {" "}
                <span className="cert-badge">{t("shop.catalogue.certifiedBadge")}</span>
              </>
            ) : null}
          </dd>
        </dl>
        {p.description ? <p className="prewrap">{p.description}</p> : null}
        {p.status === "LISTED" ? <Link to={`/shop/products/${p.id}`}>{t("shop.products.edit.publicPage")}</Link> : null}
      </section>

      {p.certNumber && !p.certVerified ? (
        <Form method="post" className="card form-card" aria-label={t("shop.staff.decision")}>
          <h2>{t("shop.staff.decision")}</h2>
          <input type="hidden" name="intent" value="certification" />
          <FormError reply={replyFor("certification")} />
          <SelectField name="decision" label={t("shop.staff.decision")} reply={replyFor("certification")} required emptyLabel="" options={CERT_DECISIONS.map((d) => ({ value: d, label: t(`shop.staff.decisions.${d}`) }))} />
          <TextField name="reason" label={t("shop.staff.reason")} reply={replyFor("certification")} multiline rows={2} maxLength={500} />
          <SubmitButton className="button">{t("shop.staff.apply")}</SubmitButton>
        </Form>
      ) : null}

      {p.status === "TAKEN_DOWN" ? (
        <Form method="post" className="card form-card" aria-label={t("shop.staff.restore")}>
          <p className="form-error">{t("shop.products.listing.takenDown", { reason: p.takedownReason ?? "" })}</p>
          <input type="hidden" name="intent" value="restore" />
          <FormError reply={replyFor("restore")} />
          <TextField name="reason" label={t("shop.staff.reason")} reply={replyFor("restore")} maxLength={500} />
          <SubmitButton className="button">{t("shop.staff.restore")}</SubmitButton>
        </Form>
      ) : (
        <Form method="post" className="card form-card" aria-label={t("shop.staff.takeDown")}>
          <h2>{t("shop.staff.takeDown")}</h2>
          <p className="muted">{t("shop.staff.takedownIntro")}</p>
          {p.openReports ? <p>{t("shop.staff.reports", { count: p.openReports })}</p> : null}
          <input type="hidden" name="intent" value="takedown" />
          <FormError reply={replyFor("takedown")} />
          <TextField name="reason" label={t("shop.staff.takedownReason")} reply={replyFor("takedown")} multiline rows={2} maxLength={500} required />
          <SubmitButton className="button">{t("shop.staff.takeDown")}</SubmitButton>
        </Form>
      )}
      {p.openReports && p.status !== "TAKEN_DOWN" ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="dismiss" />
          <FormError reply={replyFor("dismiss")} />
          <SubmitButton className="button button-secondary">{t("shop.staff.dismiss")}</SubmitButton>
        </Form>
      ) : null}

      <section className="card">
        <h2>{t("shop.staff.history")}</h2>
        {p.history.length ? (
          <ul>
            {p.history.map((h) => (
              <li key={h.id}>
                {formatDateTime(h.createdAt, locale)} · {t(`shop.staff.actions.${h.action.replace("product.", "")}`)}
                {h.reason ? `：${h.reason}` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("shop.staff.empty")}</p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
