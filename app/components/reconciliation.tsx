import { Form, Link } from "@remix-run/react";
import { FormError, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDateTime, formatFen } from "~/utils/format";
import type { FormReply } from "~/utils/forms";

/** One reconciliation issue as the pages show it (serialised IssueView). */
export type IssueItem = {
  id: string;
  provider: string;
  accountKey: string;
  accountLabel: string;
  kind: string;
  providerRef: string;
  orgId: string | null;
  orgName: string;
  donationId: string | null;
  checkoutId: string | null;
  refundId: string | null;
  expectedFen: string | null;
  statementFen: string | null;
  reason: string | null;
  statementDate: string;
  resolvedAt: string | null;
  resolution: string | null;
  resolvedBy: string;
};

/** The issue's facts; `canResolve` adds the resolve form (staff). */
export function IssueCard({ issue, canResolve, reply, orgLinks }: { issue: IssueItem; canResolve?: boolean; reply?: FormReply; orgLinks?: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" data-testid="recon-issue" data-kind={issue.kind} data-ref={issue.providerRef}>
      <h3>
        {t(`reconcile.issues.kinds.${issue.kind}`)} <span className="muted">· {t(`reconcile.providers.${issue.provider}`)}</span>
      </h3>
      <dl className="dl">
        <dt>{t("reconcile.issues.ref")}</dt>
        <dd className="mono">{issue.providerRef}</dd>
        <dt>{t("reconcile.issues.date")}</dt>
        <dd>{issue.statementDate}</dd>
        {issue.accountLabel ? (
          <>
            <dt>{t("reconcile.issues.account")}</dt>
            <dd>{issue.accountLabel}</dd>
          </>
        ) : null}
        {issue.orgId && orgLinks ? (
          <>
            <dt>{t("reconcile.issues.org")}</dt>
            <dd>
              <Link to={`/org/${issue.orgId}/payment-issues`}>{issue.orgName || issue.orgId}</Link>
            </dd>
          </>
        ) : null}
        {issue.expectedFen !== null ? (
          <>
            <dt>{t("reconcile.issues.expected")}</dt>
            <dd data-testid="expected">{formatFen(issue.expectedFen, locale)}</dd>
          </>
        ) : null}
        {issue.statementFen !== null ? (
          <>
            <dt>{t("reconcile.issues.statement")}</dt>
            <dd data-testid="statement">{formatFen(issue.statementFen, locale)}</dd>
          </>
        ) : null}
        {issue.donationId || issue.checkoutId || issue.refundId ? (
          <>
            <dt>{t("reconcile.issues.links")}</dt>
            <dd className="mono">
              {issue.donationId ? `${t("reconcile.issues.donation")} ${issue.donationId}` : null}
              {issue.checkoutId ? ` ${t("reconcile.issues.checkout")} ${issue.checkoutId}` : null}
              {issue.refundId ? ` ${t("reconcile.issues.refund")} ${issue.refundId}` : null}
            </dd>
          </>
        ) : null}
        {issue.reason ? (
          <>
            <dt>{t("reconcile.issues.reason")}</dt>
            <dd>{issue.reason}</dd>
          </>
        ) : null}
        {issue.resolvedAt ? (
          <>
            <dt>{t("reconcile.issues.resolution")}</dt>
            <dd>{issue.resolution}</dd>
            <dt>{t("reconcile.issues.resolvedBy")}</dt>
            <dd>
              {issue.resolvedBy} · {formatDateTime(issue.resolvedAt, locale)}
            </dd>
          </>
        ) : null}
      </dl>
      {canResolve && !issue.resolvedAt ? (
        <Form method="post" className="form-card">
          <FormError reply={reply} />
          <input type="hidden" name="intent" value="resolve" />
          <input type="hidden" name="issueId" value={issue.id} />
          <TextField name="note" label={t("reconcile.issues.note")} reply={reply} required multiline rows={2} maxLength={500} />
          <SubmitButton className="button">{t("reconcile.issues.resolve")}</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
