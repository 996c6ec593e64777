import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { listBankTransfers, recordBankTransfer, transferTargets } from "~/modules/platforms/bank-transfers.server";
import { bankTransferSchema } from "~/modules/platforms/schema";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatFen, isoDate } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { FundingSubnav } from "~/components/funding-subnav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { SubmitButton } from "~/components/submit-button";
import { pageFrom } from "~/utils/pagination.server";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("platforms.bank.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const [{ transfers, pagination }, { campaigns, funds }] = await Promise.all([listBankTransfers(access.orgId, pageFrom(request)), transferTargets(access.orgId)]);
  return {
    orgId: access.orgId,
    canAct: !access.viaStaff,
    today: isoDate(new Date()),
    targets: [...campaigns.map((c) => ({ value: `campaign:${c.id}`, title: c.title })), ...funds.map((f) => ({ value: `fund:${f.id}`, title: f.name }))],
    transfers,
    pagination,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance", { requireApproved: true });
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(bankTransferSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => recordBankTransfer(access.orgId, access.user.id, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/org/${access.orgId}/bank-transfers`, "platforms.bank.flash.recorded");
}

export default function BankTransfers() {
  const { orgId, canAct, targets, transfers, pagination, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <FundingSubnav orgId={orgId} />
      <h2>{t("platforms.bank.title")}</h2>
      <p className="muted">{t("platforms.bank.intro")}</p>
      {canAct ? (
        <Form method="post" className="card form-card" aria-label={t("platforms.bank.new")}>
          <h3>{t("platforms.bank.new")}</h3>
          <FormError reply={reply} />
          <TextField name="amount" label={t("platforms.bank.amount")} reply={reply} required />
          <TextField name="receivedOn" type="date" label={t("platforms.bank.receivedOn")} reply={reply} defaultValue={today} required max={today} />
          <TextField name="payerName" label={t("platforms.bank.payerName")} hint={t("platforms.bank.payerHint")} reply={reply} required maxLength={60} />
          <TextField name="reference" label={t("platforms.bank.reference")} hint={t("platforms.bank.referenceHint")} reply={reply} required maxLength={64} />
          <SelectField name="target" label={t("platforms.bank.target")} reply={reply} emptyLabel={t("platforms.bank.noTarget")} options={targets.map((x) => ({ value: x.value, label: x.title }))} />
          <SubmitButton className="button">{t("platforms.bank.record")}</SubmitButton>
        </Form>
      ) : null}
      {transfers.length ? (
        <div className="table-wrap">
          <table data-testid="bank-transfers">
            <thead>
              <tr>
                <th scope="col">{t("platforms.bank.receivedOn")}</th>
                <th scope="col">{t("platforms.bank.payerName")}</th>
                <th scope="col">{t("platforms.bank.reference")}</th>
                <th scope="col">{t("platforms.bank.target")}</th>
                <th scope="col">{t("platforms.bank.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {transfers.map((x) => (
                <tr key={x.id}>
                  <td>{x.receivedOn}</td>
                  <td>{x.payerName}</td>
                  <td>{x.reference}</td>
                  <td>{x.target ? x.target.title : t("platforms.bank.noTarget")}</td>
                  <td className="num">{formatFen(x.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("platforms.bank.none")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
