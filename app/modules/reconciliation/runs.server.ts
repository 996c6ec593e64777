/**
 * Reconciliation runs and issues: the rows staff read on /staff/reconciliation. One run per
 * account and statement day (unique); one issue per account, kind and provider reference
 * (unique), so a day reconciled again, or the same disagreement met again, adds nothing.
 */
import type { Db } from "~/utils/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { PaymentProviderName, ReconciliationIssueKind } from "~/generated/prisma/enums";
import { shanghaiDate } from "~/modules/payments/statement";

/** The account a payment went through: its merchant account, "STRIPE", or the provider's name for test checkouts. */
export function accountKeyOf(p: { provider: PaymentProviderName; merchantAccountId?: string | null }) {
  return p.merchantAccountId ?? p.provider;
}

/** The run of that account and day (created when missing, as RUNNING). */
export async function ensureRun(db: Db, a: { provider: PaymentProviderName; accountKey: string }, date: string, status: "RUNNING" | "DONE" = "RUNNING") {
  const statementDate = new Date(`${date}T00:00:00Z`);
  await db.reconciliationRun.createMany({ data: [{ provider: a.provider, accountKey: a.accountKey, statementDate, status, ...(status === "DONE" ? { finishedAt: new Date() } : {}) }], skipDuplicates: true });
  return db.reconciliationRun.findUniqueOrThrow({ where: { accountKey_statementDate: { accountKey: a.accountKey, statementDate } } });
}

export type IssueInput = {
  kind: ReconciliationIssueKind;
  providerRef: string;
  orgId?: string | null;
  donationId?: string | null;
  checkoutId?: string | null;
  refundId?: string | null;
  expectedFen?: bigint | null;
  statementFen?: bigint | null;
  details?: Record<string, string | number | boolean | null>;
};

/** Records the issue once; returns true when it is new. */
export async function raiseIssue(db: Db, run: { id: string; provider: PaymentProviderName; accountKey: string }, i: IssueInput): Promise<boolean> {
  const created = await db.reconciliationIssue.createMany({
    data: [
      {
        runId: run.id,
        provider: run.provider,
        accountKey: run.accountKey,
        kind: i.kind,
        providerRef: i.providerRef,
        orgId: i.orgId ?? null,
        donationId: i.donationId ?? null,
        checkoutId: i.checkoutId ?? null,
        refundId: i.refundId ?? null,
        expectedFen: i.expectedFen ?? null,
        statementFen: i.statementFen ?? null,
        details: (i.details ?? {}) as Prisma.InputJsonValue,
      },
    ],
    skipDuplicates: true,
  });
  return created.count > 0;
}

/** Today's run of the account, for an issue found outside the daily job (a refund failing later). */
export async function runForToday(db: Db, a: { provider: PaymentProviderName; accountKey: string }) {
  return ensureRun(db, a, shanghaiDate(new Date()), "DONE");
}
