import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { getOrgRole, roleHas } from "~/modules/organizations/permissions.server";
import { payoutsPage, recordPayout } from "~/modules/shop/payouts.server";
import { payoutSchema } from "~/modules/shop/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatFen, isoDate } from "~/utils/format";
import { pageFrom } from "~/utils/pagination.server";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { SubmitButton } from "~/components/submit-button";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.payouts.title");

/** /producer/:producerId/payouts — what the producer is owed and what was paid; payouts recorded by the supporting organization's finance. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "view");
  const page = await payoutsPage(access.producer.id, pageFrom(request));
  const canRecord = roleHas(await getOrgRole(access.user.id, access.producer.supportOrgId), "org:finance");
  return { ...page, canRecord, today: isoDate(new Date()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "finance");
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(payoutSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () =>
    recordPayout({ producerId: access.producer.id, amountFen: parsed.data.amount, paidOn: new Date(`${parsed.data.paidOn}T00:00:00Z`), reference: parsed.data.reference, note: parsed.data.note, actorId: access.user.id }),
  );
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/producer/${access.producer.id}/payouts`, "shop.payouts.flash.recorded");
}

export default function Payouts() {
  const p = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <section className="card">
        <div className="stats-row">
          <div className="stat">
            <strong data-testid="payable-balance">{formatFen(p.balanceFen)}</strong> {t("shop.payouts.balance")}
          </div>
          <div className="stat">
            <strong>{formatFen(p.reservedFen)}</strong> {t("shop.payouts.reserved")}
          </div>
          <div className="stat">
            <strong>{formatFen(p.availableFen)}</strong> {t("shop.payouts.available")}
          </div>
          <div className="stat">
            <strong>{formatFen(p.paidOutFen)}</strong> {t("shop.payouts.paidOut")}
          </div>
        </div>
      </section>
      {p.canRecord ? (
        <Form method="post" className="card form-card" aria-label={t("shop.payouts.record")}>
          <h2>{t("shop.payouts.record")}</h2>
          <FormError reply={reply} />
          <TextField name="amount" label={t("shop.payouts.amount")} reply={reply} required />
          <TextField name="paidOn" type="date" label={t("shop.payouts.paidOn")} reply={reply} defaultValue={p.today} required />
          <TextField name="reference" label={t("shop.payouts.reference")} reply={reply} maxLength={100} />
          <TextField name="note" label={t("shop.payouts.note")} reply={reply} maxLength={300} />
          <SubmitButton className="button">{t("shop.payouts.record")}</SubmitButton>
        </Form>
      ) : (
        <p className="muted">{t("shop.payouts.financeOnly")}</p>
      )}
      <h2>{t("shop.payouts.list")}</h2>
      {p.payouts.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("shop.payouts.paidOn")}</th>
                <th>{t("shop.payouts.amount")}</th>
                <th>{t("shop.payouts.reference")}</th>
                <th>{t("shop.payouts.note")}</th>
              </tr>
            </thead>
            <tbody>
              {p.payouts.map((x) => (
                <tr key={x.id}>
                  <td>{x.paidOn}</td>
                  <td>{formatFen(x.amountFen)}</td>
                  <td>{x.reference}</td>
                  <td>{x.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("shop.payouts.empty")}</p>
      )}
      <Pagination {...p.pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
