/** Campaign safeguards UI: the cap, the overflow fund, tranches, institution payees, and the report link. */
import { Form, Link } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";
import { Checkbox, FormError, SelectField, TextField } from "~/components/form";
import { DonateForm, type DonateOption } from "~/components/donate-form";
import { SubmitButton } from "~/components/submit-button";
import type { FormReply } from "~/utils/forms";
import { formatFen } from "~/utils/format";
import { PAYEE_KINDS, type ReportTargetParam } from "~/modules/safeguards/kinds";

export type CapView = { capFen: string; raisedFen: string; remainingFen: string; full: boolean; overflow: { id: string; name: string } | null };

/** "直接支付给 重庆医科大学附属儿童医院" for an institution paid directly; nothing for the family. */
export function PayeeNote({ payeeKind, payeeName }: { payeeKind?: string | null; payeeName?: string | null }) {
  const t = useT();
  if (!payeeKind || payeeKind === "BENEFICIARY" || !payeeName) return null;
  return (
    <span className="muted small" data-testid="payee-note">
      {" "}
      {t("safeguards.payee.paidDirectly", { name: payeeName })}（{t(`safeguards.payeeKinds.${payeeKind}`)}）
    </span>
  );
}

/**
 * The public page's cap line; once the cap is reached, the campaign is closed to donations and, if
 * the host chose an overflow fund, the donor may give there instead with explicit consent.
 */
export function CapNotice({ cap, reply, signedInAs, providers }: { cap: CapView | null; reply?: FormReply | null; signedInAs: string | null; providers: DonateOption[] }) {
  const t = useT();
  if (!cap) return null;
  if (!cap.full) {
    return (
      <p className="muted small" data-testid="cap-line">
        {t("safeguards.cap.line", { cap: formatFen(cap.capFen), remaining: formatFen(cap.remainingFen) })}
      </p>
    );
  }
  return (
    <div data-testid="cap-reached">
      <p className="card form-error">{t("safeguards.cap.reached", { cap: formatFen(cap.capFen) })}</p>
      {cap.overflow ? (
        <>
          <p className="card muted">{t("safeguards.cap.overflowOffer", { fund: cap.overflow.name })}</p>
          <DonateForm reply={reply} signedInAs={signedInAs} providers={providers} extra={<Checkbox name="redirectConsent" label={t("safeguards.cap.consent", { fund: cap.overflow.name })} reply={reply} />} />
        </>
      ) : null}
    </div>
  );
}

/** Staff set or clear a campaign's cap. */
export function StaffCapForm({ cap, capSetFen, kind, reply }: { cap: CapView | null; capSetFen: string | null; kind: string; reply?: FormReply | null }) {
  const t = useT();
  return (
    <Form method="post" className="card form-card" aria-label={t("safeguards.cap.title")} data-testid="cap-form">
      <h2>{t("safeguards.cap.title")}</h2>
      <p className="muted small">{kind === "EMERGENCY" ? t("safeguards.cap.hintEmergency") : t("safeguards.cap.hintOther")}</p>
      {cap ? <p>{t("safeguards.cap.current", { cap: formatFen(cap.capFen), raised: formatFen(cap.raisedFen), remaining: formatFen(cap.remainingFen) })}</p> : <p className="muted">{t("safeguards.cap.none")}</p>}
      <input type="hidden" name="intent" value="cap" />
      <FormError reply={reply} />
      <TextField name="capAmount" label={t("safeguards.cap.amount")} reply={reply} defaultValue={capSetFen ? (Number(capSetFen) / 100).toFixed(2) : ""} />
      <Checkbox name="clear" label={t("safeguards.cap.clear")} reply={reply} />
      <TextField name="reason" label={t("safeguards.cap.reason")} reply={reply} required maxLength={300} />
      <SubmitButton className="button">{t("safeguards.cap.save")}</SubmitButton>
    </Form>
  );
}

export type TrancheView = { id: string; seq: number; amountFen: string; payeeKind: string; payeeName: string | null; purpose: string; dueDate: string | null; paidOn: string | null };

/** The host's overflow fund choice and tranche plan on the org campaign page (multipart like its other forms). */
export function HostSafeguards({ cap, funds, overflowFundId, tranches, canAct, reply, raisedFen }: { cap: CapView | null; funds: { id: string; name: string }[]; overflowFundId: string | null; tranches: TrancheView[]; canAct: boolean; reply?: FormReply | null; raisedFen: string }) {
  const t = useT();
  const planned = tranches.reduce((s, x) => s + BigInt(x.amountFen), 0n);
  return (
    <>
      {cap ? (
        <section className="card" data-testid="host-cap">
          <h3>{t("safeguards.cap.title")}</h3>
          <p>{t("safeguards.cap.current", { cap: formatFen(cap.capFen), raised: formatFen(cap.raisedFen), remaining: formatFen(cap.remainingFen) })}</p>
          {canAct ? (
            <Form method="post" encType="multipart/form-data" className="form-card">
              <input type="hidden" name="intent" value="overflow" />
              <SelectField name="overflowFundId" label={t("safeguards.overflow.label")} hint={t("safeguards.overflow.hint")} reply={reply} defaultValue={overflowFundId ?? ""} emptyLabel={t("safeguards.overflow.none")} options={funds.map((f) => ({ value: f.id, label: f.name }))} />
              <SubmitButton className="button button-secondary">{t("safeguards.overflow.save")}</SubmitButton>
            </Form>
          ) : (
            <p className="muted">{funds.find((f) => f.id === overflowFundId)?.name ?? t("safeguards.overflow.none")}</p>
          )}
        </section>
      ) : null}
      <section className="card" data-testid="tranches">
        <h3>{t("safeguards.tranches.title")}</h3>
        <p className="muted small">{t("safeguards.tranches.summary", { planned: formatFen(planned), raised: formatFen(raisedFen) })}</p>
        {tranches.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t("safeguards.tranches.seq")}</th>
                  <th>{t("safeguards.tranches.amount")}</th>
                  <th>{t("safeguards.tranches.payee")}</th>
                  <th>{t("safeguards.tranches.purpose")}</th>
                  <th>{t("safeguards.tranches.dueDate")}</th>
                  <th>{t("safeguards.tranches.status")}</th>
                </tr>
              </thead>
              <tbody>
                {tranches.map((x) => (
                  <tr key={x.id}>
                    <td>{x.seq}</td>
                    <td>{formatFen(x.amountFen)}</td>
                    <td>
                      {t(`safeguards.payeeKinds.${x.payeeKind}`)}
                      {x.payeeName ? ` · ${x.payeeName}` : ""}
                    </td>
                    <td>{x.purpose}</td>
                    <td>{x.dueDate ?? ""}</td>
                    <td>
                      {x.paidOn ? (
                        t("safeguards.tranches.paidOn", { date: x.paidOn })
                      ) : canAct ? (
                        <Form method="post" encType="multipart/form-data">
                          <input type="hidden" name="intent" value="tranche-remove" />
                          <input type="hidden" name="trancheId" value={x.id} />
                          <button type="submit" className="button-small">
                            {t("safeguards.tranches.remove")}
                          </button>
                        </Form>
                      ) : (
                        t("safeguards.tranches.planned")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("safeguards.tranches.none")}</p>
        )}
        {canAct ? (
          <Form method="post" encType="multipart/form-data" className="form-card" aria-label={t("safeguards.tranches.add")}>
            <input type="hidden" name="intent" value="tranche" />
            <TextField name="seq" type="number" label={t("safeguards.tranches.seq")} reply={reply} defaultValue={String(tranches.length + 1)} required min={1} max={99} />
            <TextField name="amount" label={t("safeguards.tranches.amount")} reply={reply} required />
            <PayeeFields reply={reply} />
            <TextField name="purpose" label={t("safeguards.tranches.purpose")} reply={reply} required maxLength={200} />
            <TextField name="dueDate" type="date" label={t("safeguards.tranches.dueDate")} reply={reply} />
            <SubmitButton className="button button-secondary">{t("safeguards.tranches.add")}</SubmitButton>
          </Form>
        ) : null}
      </section>
    </>
  );
}

/** Payee kind and, for an institution, its name (shown publicly). */
export function PayeeFields({ reply }: { reply?: FormReply | null }) {
  const t = useT();
  return (
    <>
      <SelectField name="payeeKind" label={t("safeguards.payee.kind")} reply={reply} defaultValue="BENEFICIARY" options={PAYEE_KINDS.map((k) => ({ value: k, label: t(`safeguards.payeeKinds.${k}`) }))} />
      <TextField name="payeeName" label={t("safeguards.payee.name")} hint={t("safeguards.payee.nameHint")} reply={reply} maxLength={80} />
    </>
  );
}

/** On the disbursement form: which planned tranche this pays (optional). */
export function TrancheSelect({ tranches, reply }: { tranches: { id: string; seq: number; amountFen: string; campaignTitle: string; payeeName: string | null }[]; reply?: FormReply | null }) {
  const t = useT();
  if (!tranches.length) return null;
  return (
    <SelectField
      name="trancheId"
      label={t("safeguards.tranches.pays")}
      hint={t("safeguards.tranches.paysHint")}
      reply={reply}
      emptyLabel={t("safeguards.tranches.noTranche")}
      options={tranches.map((x) => ({ value: x.id, label: `${x.campaignTitle} · ${t("safeguards.tranches.nth", { seq: x.seq })} · ${formatFen(x.amountFen)}${x.payeeName ? ` · ${x.payeeName}` : ""}` }))}
    />
  );
}

/** The small "举报 / Report" link on a public page. */
export function ReportLink({ type, id }: { type: ReportTargetParam; id: string }) {
  const t = useT();
  return (
    <p className="small">
      <Link to={`/report?type=${type}&id=${encodeURIComponent(id)}`} rel="nofollow" data-testid="report-link">
        {t("safeguards.report.link")}
      </Link>
    </p>
  );
}
