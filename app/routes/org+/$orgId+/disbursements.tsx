import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { createDisbursement } from "~/modules/disbursements/disbursements.server";
import { disbursementSchema } from "~/modules/disbursements/schema";
import { checkUpload, DOCUMENT_TYPES, parseMultipart } from "~/modules/files/files.server";
import { MAX_UPLOAD_BYTES } from "~/modules/campaigns/host-actions.server";
import { campaignTotals, fundTotals } from "~/modules/ledger/balances.server";
import { reservedForRefundsByTarget } from "~/modules/ledger/postings.server";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatFen, isoDate } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { FundingSubnav } from "~/components/funding-subnav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { paginate } from "~/utils/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useT } from "~/modules/i18n/use-t";
import { SubmitButton } from "~/components/submit-button";
import { pageTitle } from "~/modules/i18n/meta";
import { openTranches } from "~/modules/safeguards/tranches.server";
import { PayeeFields, PayeeNote, TrancheSelect } from "~/components/safeguards";

export const meta = pageTitle("funding.org.disbursements");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const where = { orgId: access.orgId };
  const [campaigns, funds, { rows, pagination }] = await Promise.all([
    prisma.campaign.findMany({ where: { orgId: access.orgId, status: { in: ["APPROVED", "FUNDED", "ENDED", "SUSPENDED", "CLOSED"] } }, select: { id: true, title: true }, orderBy: { createdAt: "desc" } }),
    prisma.fund.findMany({ where: { orgId: access.orgId }, select: { id: true, name: true }, orderBy: { createdAt: "desc" } }),
    paginate(
      pageFrom(request),
      50,
      () => prisma.disbursement.count({ where }),
      (window) =>
        prisma.disbursement.findMany({
          where,
          select: { id: true, amountFen: true, date: true, recipientMasked: true, purpose: true, evidenceFileId: true, payeeKind: true, payeeName: true, campaign: { select: { id: true, title: true } }, fund: { select: { id: true, name: true } } },
          orderBy: [{ date: "desc" }, { createdAt: "desc" }, { id: "asc" }],
          ...window,
        }),
    ),
  ]);
  const [ct, ft, reserved] = await Promise.all([campaignTotals(campaigns.map((c) => c.id)), fundTotals(funds.map((f) => f.id)), reservedForRefundsByTarget(prisma, access.orgId)]);
  // What can be paid out: the balance less refunds still pending at the payment provider.
  const available = (key: string, balance: bigint) => (balance - (reserved.get(key) ?? 0n)).toString();
  return {
    orgId: access.orgId,
    canAct: !access.viaStaff,
    today: isoDate(new Date()),
    targets: [
      ...campaigns.map((c) => ({ value: `campaign:${c.id}`, title: c.title, balanceFen: available(`campaign:${c.id}`, ct.get(c.id)!.balanceFen) })),
      ...funds.map((f) => ({ value: `fund:${f.id}`, title: f.name, balanceFen: available(`fund:${f.id}`, ft.get(f.id)!.balanceFen) })),
    ],
    tranches: await openTranches(access.orgId),
    pagination,
    disbursements: rows.map((r) => ({ id: r.id, amountFen: r.amountFen.toString(), date: r.date.toISOString().slice(0, 10), recipientMasked: r.recipientMasked, purpose: r.purpose, evidenceFileId: r.evidenceFileId, payeeKind: r.payeeKind, payeeName: r.payeeName, target: r.campaign?.title ?? r.fund?.name ?? "" })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const { formData, files } = await parseMultipart(request, MAX_UPLOAD_BYTES);
  const values = formToObject(formData);
  const parsed = parseWithSchema(disbursementSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const evidence = files.find((f) => f.fieldName === "evidence");
  if (evidence) {
    const err = checkUpload(evidence, DOCUMENT_TYPES);
    if (err) return data({ values, fieldErrors: { evidence: err } }, { status: 400 });
  }
  const [kind, id] = parsed.data.target.split(":") as ["campaign" | "fund", string];
  const res = await runAction(values, () =>
    createDisbursement({
      orgId: access.orgId,
      campaignId: kind === "campaign" ? id : null,
      fundId: kind === "fund" ? id : null,
      amountFen: parsed.data.amount,
      date: new Date(`${parsed.data.date}T00:00:00Z`),
      recipientMasked: parsed.data.recipientMasked,
      purpose: parsed.data.purpose,
      evidence,
      actorId: access.user.id,
      payeeKind: parsed.data.payeeKind,
      payeeName: parsed.data.payeeName ?? null,
      trancheId: parsed.data.trancheId ?? null,
    }),
  );
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/org/${access.orgId}/disbursements`, "funding.flash.disbursed");
}

export default function Disbursements() {
  const { orgId, canAct, targets, disbursements, pagination, today, tranches } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <FundingSubnav orgId={orgId} />
      <h2>{t("funding.org.disbursements")}</h2>
      {canAct && targets.length ? (
        <Form method="post" encType="multipart/form-data" className="card form-card" aria-label={t("funding.org.newDisbursement")}>
          <h3>{t("funding.org.newDisbursement")}</h3>
          <FormError reply={reply} />
          <SelectField
            name="target"
            label={t("funding.org.disburseFrom")}
            reply={reply}
            required
            options={targets.map((x) => ({ value: x.value, label: `${x.title}（${t("funding.org.available", { amount: formatFen(x.balanceFen) })}）` }))}
          />
          <TextField name="amount" label={t("funding.org.disburseAmount")} reply={reply} required />
          <TextField name="date" type="date" label={t("funding.org.disburseDate")} reply={reply} defaultValue={today} required />
          <TextField name="recipientMasked" label={t("funding.org.recipientMasked")} reply={reply} required maxLength={60} />
          <TextField name="purpose" label={t("funding.org.purpose")} reply={reply} required maxLength={300} />
          <TrancheSelect tranches={tranches} reply={reply} />
          <PayeeFields reply={reply} />
          <div className={`field${reply?.fieldErrors?.evidence ? " field-invalid" : ""}`}>
            <label htmlFor="evidence">{t("funding.org.evidence")}</label>
            <input id="evidence" type="file" name="evidence" accept="application/pdf,image/png,image/jpeg,image/webp" />
            {reply?.fieldErrors?.evidence ? <p className="field-error">{t(reply.fieldErrors.evidence)}</p> : null}
          </div>
          <SubmitButton className="button">{t("funding.org.newDisbursement")}</SubmitButton>
        </Form>
      ) : null}
      {disbursements.length ? (
        <table data-testid="disbursements">
          <thead>
            <tr>
              <th>{t("funding.accounts.date")}</th>
              <th>{t("funding.org.disburseFrom")}</th>
              <th>{t("funding.accounts.recipient")}</th>
              <th>{t("funding.accounts.purpose")}</th>
              <th>{t("funding.accounts.amount")}</th>
              <th>{t("funding.org.evidenceLink")}</th>
            </tr>
          </thead>
          <tbody>
            {disbursements.map((d) => (
              <tr key={d.id}>
                <td>{d.date}</td>
                <td>{d.target}</td>
                <td>
                  {d.recipientMasked}
                  <PayeeNote payeeKind={d.payeeKind} payeeName={d.payeeName} />
                </td>
                <td>{d.purpose}</td>
                <td>{formatFen(d.amountFen)}</td>
                <td>{d.evidenceFileId ? <Link to={`/files/${d.evidenceFileId}`} reloadDocument>{t("funding.org.evidenceLink")}</Link> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("funding.accounts.noDisbursements")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
