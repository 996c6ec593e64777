/**
 * Daily reconciliation (#14.6): for every account money arrives through — each enabled WeChat Pay
 * / Alipay merchant account, and Stripe when configured — fetch the provider's statement for a day
 * (payments/statement.ts and its fetchers) and compare it line by line with our records:
 *
 * - a payment we still hold as pending (its notification was lost) is recorded through the normal
 *   event path (applyProviderEvent) under the stable event id `recon:<providerRef>`: the ledger
 *   posts it once, a later real notification finds it already recorded, a second run finds the
 *   event taken;
 * - a refund we asked for and never heard back about is settled the same way;
 * - an amount that disagrees (AMOUNT_MISMATCH), a payment whose payable we cannot find
 *   (UNKNOWN_PAYMENT), a refund we cannot match (UNKNOWN_REFUND) and a payment of ours of that day
 *   the statement lacks (MISSING_FROM_STATEMENT) are listed for staff — nothing is posted for them;
 * - the provider's fee on a donation is posted to the fee account (FEE, idempotency key
 *   `fee:<donationId>`, the one the event path would use), closing the gap where fees were never
 *   fetched.
 * Running a day again changes nothing: every write is keyed (event ids, idempotency keys, unique
 * issues, one run row per account and day).
 */
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { getEnv } from "~/utils/env.server";
import type { PaymentProviderName } from "~/generated/prisma/enums";
import { applyProviderEvent } from "~/modules/donations/events.server";
import { lockedBalance, postFee } from "~/modules/ledger/postings.server";
import { providerForAccount } from "~/modules/payments/merchant-accounts.server";
import { merchantKeyringFrom } from "~/modules/payments/merchant-secrets.server";
import { ProviderError } from "~/modules/payments/provider";
import { shanghaiDate, shanghaiDayRange, STATEMENT_DATE, type StatementLine } from "~/modules/payments/statement";
import { fetchStripeStatement } from "~/modules/payments/stripe-statement.server";
import { ensureRun, raiseIssue, type IssueInput } from "./runs.server";
import { logger } from "~/utils/logger.server";

export type ReconAccount = { accountKey: string; provider: PaymentProviderName; orgId: string | null; label: string | null };

/** The accounts to reconcile: enabled WeChat Pay / Alipay merchant accounts (when the key is set) and Stripe (when configured). */
export async function reconciliationAccounts(db: Db = prisma): Promise<ReconAccount[]> {
  const env = getEnv();
  const out: ReconAccount[] = [];
  if (merchantKeyringFrom(env)) {
    const rows = await db.merchantAccount.findMany({ where: { enabled: true, provider: { in: ["WECHAT_PAY", "ALIPAY"] } }, select: { id: true, provider: true, orgId: true, label: true }, orderBy: { createdAt: "asc" } });
    for (const r of rows) out.push({ accountKey: r.id, provider: r.provider, orgId: r.orgId, label: r.label });
  }
  if (env.STRIPE_SECRET_KEY) out.push({ accountKey: "STRIPE", provider: "STRIPE", orgId: null, label: null });
  return out;
}

/** The statement of one account and day, through its provider's SDK. */
export async function fetchStatement(account: ReconAccount, date: string, db: Db = prisma): Promise<StatementLine[]> {
  if (account.accountKey === "STRIPE") return fetchStripeStatement(date);
  // No checkout is made: the notify URL the adapter is built with is never sent (APP_URL wins when set).
  const built = await providerForAccount(account.accountKey, { origin: "https://reconciliation.invalid" }, db);
  return built.provider.tradeBill(date);
}

/** Yesterday in Asia/Shanghai. */
export function defaultStatementDate(now = new Date()) {
  return shanghaiDate(new Date(now.getTime() - 86_400_000));
}

/** What a failed fetch may say on the staff page: our own message (never a secret), nothing from elsewhere. */
function safeError(e: unknown): string {
  if (e instanceof AppError) return e.messageKey;
  if (e instanceof ProviderError) return e.message.slice(0, 300);
  return (e as Error)?.name ?? "Error";
}

export type RunSummary = { accountKey: string; provider: PaymentProviderName; status: "DONE" | "FAILED"; lines: number; matched: number; recovered: number; issues: number; feeFen: bigint; error?: string };

/** Reconciles one account's day: fetch, compare, record the run (FAILED with a safe message when the fetch fails). */
export async function reconcileAccount(account: ReconAccount, date: string, opts: { fetch?: (a: ReconAccount, date: string) => Promise<StatementLine[]> } = {}, db: Db = prisma): Promise<RunSummary> {
  if (!STATEMENT_DATE.test(date)) throw new AppError("reconcile.errors.date", 400);
  const run = await ensureRun(db, account, date);
  await db.reconciliationRun.update({ where: { id: run.id }, data: { status: "RUNNING", startedAt: new Date(), finishedAt: null, error: null } });
  let lines: StatementLine[];
  try {
    lines = await (opts.fetch ?? ((a, d) => fetchStatement(a, d, db)))(account, date);
  } catch (e) {
    const error = safeError(e);
    await db.reconciliationRun.update({ where: { id: run.id }, data: { status: "FAILED", error, finishedAt: new Date() } });
    logger().warn(`reconciliation ${account.provider} ${account.accountKey} ${date}: statement not fetched (${error})`);
    return { accountKey: account.accountKey, provider: account.provider, status: "FAILED", lines: 0, matched: 0, recovered: 0, issues: 0, feeFen: 0n, error };
  }
  const result = await compareStatement({ ...account, runId: run.id }, date, lines, db);
  const issues = await db.reconciliationIssue.count({ where: { runId: run.id } });
  await db.reconciliationRun.update({
    where: { id: run.id },
    data: { status: "DONE", lineCount: lines.length, matchedCount: result.matched, recoveredCount: result.recovered, issueCount: issues, feeFen: result.feeFen, finishedAt: new Date() },
  });
  return { accountKey: account.accountKey, provider: account.provider, status: "DONE", lines: lines.length, matched: result.matched, recovered: result.recovered, issues, feeFen: result.feeFen };
}

/** Every account, one run each; a failing account does not stop the others. */
export async function reconcileDay(date: string = defaultStatementDate(), db: Db = prisma): Promise<RunSummary[]> {
  const out: RunSummary[] = [];
  for (const account of await reconciliationAccounts(db)) out.push(await reconcileAccount(account, date, {}, db));
  return out;
}

type RunRef = ReconAccount & { runId: string };
const SETTLED = ["PAID", "PARTLY_REFUNDED", "REFUNDED"] as const;
const RECORDED = new Set(["recorded", "held", "recorded_after_expiry", "refunding_after_expiry"]);

/**
 * Compares the lines with our records. `recovered`: lines recorded through reconciliation (now or
 * by an earlier run of the day); `matched`: lines that agree with our records (recovered included);
 * `feeFen`: the statement's fees on payments.
 */
export async function compareStatement(run: RunRef, date: string, lines: StatementLine[], db: Db = prisma) {
  const issueRun = { id: run.runId, provider: run.provider, accountKey: run.accountKey };
  const issue = (i: IssueInput) => raiseIssue(db, issueRun, { orgId: run.orgId, ...i });
  let matched = 0;
  let recovered = 0;
  let feeFen = 0n;
  for (const line of lines) {
    if (line.kind === "payment") {
      if (line.feeFen > 0n) feeFen += line.feeFen;
      const outcome = await comparePayment(run, line, issue, db);
      if (outcome === "matched" || outcome === "recovered") matched++;
      if (outcome === "recovered" || (outcome === "matched" && (await recoveredBefore(db, run.provider, line.providerRef)))) recovered++;
    } else {
      const outcome = await compareRefund(run, line, issue, db);
      if (outcome === "matched" || outcome === "recovered") matched++;
      if (outcome === "recovered" || (outcome === "matched" && (await recoveredBefore(db, run.provider, `refund:${line.providerRef}`)))) recovered++;
    }
  }
  await missingFromStatement(run, date, lines, issue, db);
  return { matched, recovered, feeFen };
}

async function recoveredBefore(db: Db, provider: PaymentProviderName, ref: string) {
  const e = await db.paymentEvent.findUnique({ where: { provider_eventId: { provider, eventId: `recon:${ref}` } }, select: { result: true } });
  return Boolean(e && (RECORDED.has(e.result ?? "") || e.result === "refund_completed"));
}

type Outcome = "matched" | "recovered" | "issue";

async function comparePayment(run: RunRef, line: StatementLine, issue: (i: IssueInput) => Promise<boolean>, db: Db): Promise<Outcome> {
  const donationSelect = { id: true, orgId: true, status: true, amountFen: true, provider: true, providerPaymentId: true, merchantAccountId: true, campaignId: true, fundId: true } as const;
  const donation =
    line.ourKind === "shop_checkout" ? null
    : ((await db.donation.findUnique({ where: { providerPaymentId: line.providerRef }, select: donationSelect })) ??
      (line.ourRef ? await db.donation.findUnique({ where: { id: line.ourRef }, select: donationSelect }) : null));
  const checkout =
    donation || line.ourKind === "donation" ? null
    : ((await db.shopCheckout.findUnique({ where: { providerPaymentId: line.providerRef }, select: { id: true, status: true, amountFen: true, provider: true, providerPaymentId: true, merchantAccountId: true } })) ??
      (line.ourRef ? await db.shopCheckout.findUnique({ where: { id: line.ourRef }, select: { id: true, status: true, amountFen: true, provider: true, providerPaymentId: true, merchantAccountId: true } }) : null));
  const payable = donation ?? checkout;
  const otherAccount = payable && (payable.provider !== run.provider || (run.accountKey !== "STRIPE" && payable.merchantAccountId && payable.merchantAccountId !== run.accountKey));
  if (!payable || otherAccount) {
    await issue({ kind: "UNKNOWN_PAYMENT", providerRef: line.providerRef, statementFen: line.amountFen, details: { ourRef: line.ourRef ?? null, ...(otherAccount ? { reason: "other_account" } : {}) } });
    return "issue";
  }
  const refs = donation ? { donationId: donation.id, orgId: donation.orgId } : { checkoutId: checkout!.id };
  const settled = donation ? (SETTLED as readonly string[]).includes(donation.status) : checkout!.status === "PAID";
  if (settled && payable.providerPaymentId !== line.providerRef) {
    // The payable was paid by another transaction: this one is money received twice.
    await issue({ kind: "UNKNOWN_PAYMENT", providerRef: line.providerRef, statementFen: line.amountFen, expectedFen: payable.amountFen, ...refs, details: { ourRef: line.ourRef ?? null, reason: "paid_twice" } });
    return "issue";
  }
  if (payable.amountFen !== line.amountFen) {
    await issue({ kind: "AMOUNT_MISMATCH", providerRef: line.providerRef, expectedFen: payable.amountFen, statementFen: line.amountFen, ...refs, details: { line: "payment" } });
    return "issue";
  }
  let outcome: Outcome = "matched";
  if (!settled) {
    const result = await applyProviderEvent(
      {
        provider: run.provider,
        eventId: `recon:${line.providerRef}`,
        type: "reconciliation.payment",
        kind: "payment_succeeded",
        occurredAt: Number.isNaN(line.occurredAt.getTime()) ? new Date() : line.occurredAt,
        payable: donation ? { kind: "donation", id: donation.id } : { kind: "shop_checkout", id: checkout!.id },
        paymentId: line.providerRef,
        amountFen: line.amountFen,
        currency: "CNY",
      },
      db,
    );
    if (!RECORDED.has(result) && result !== "already_recorded") {
      await issue({ kind: "UNKNOWN_PAYMENT", providerRef: line.providerRef, statementFen: line.amountFen, expectedFen: payable.amountFen, ...refs, details: { ourRef: line.ourRef ?? null, reason: result } });
      return "issue";
    }
    outcome = RECORDED.has(result) ? "recovered" : "matched";
  }
  if (donation && line.feeFen > 0n) await postDonationFee(db, donation, line);
  return outcome;
}

/** The provider's fee on a donation, once (the key the event path uses), never taking the account below zero. */
async function postDonationFee(db: Db, d: { id: string; campaignId: string | null; fundId: string | null; provider: PaymentProviderName }, line: StatementLine) {
  await inTransaction(db, async (tx) => {
    if (await tx.ledgerTransaction.findUnique({ where: { idempotencyKey: `fee:${d.id}` }, select: { id: true } })) return;
    const { balance } = await lockedBalance(tx, { campaignId: d.campaignId, fundId: d.fundId });
    if (balance < line.feeFen) {
      logger().warn(`reconciliation: fee on donation ${d.id} left unposted (the account holds less than the fee)`);
      return;
    }
    await postFee(tx, { donationId: d.id, campaignId: d.campaignId, fundId: d.fundId, feeFen: line.feeFen, provider: d.provider, occurredAt: Number.isNaN(line.occurredAt.getTime()) ? new Date() : line.occurredAt });
  });
}

async function compareRefund(run: RunRef, line: StatementLine, issue: (i: IssueInput) => Promise<boolean>, db: Db): Promise<Outcome> {
  const refund =
    (await db.refund.findUnique({ where: { providerRefundId: line.providerRef }, select: { id: true, status: true, amountFen: true, donation: { select: { id: true, orgId: true, provider: true } } } })) ??
    (line.ourRef ? await db.refund.findUnique({ where: { id: line.ourRef }, select: { id: true, status: true, amountFen: true, donation: { select: { id: true, orgId: true, provider: true } } } }) : null);
  const orderRefund = refund
    ? null
    : ((await db.orderRefund.findUnique({ where: { providerRefundId: line.providerRef }, select: { id: true, status: true, amountFen: true, order: { select: { checkoutId: true, checkout: { select: { provider: true } } } } } })) ??
      (line.ourRef ? await db.orderRefund.findUnique({ where: { id: line.ourRef }, select: { id: true, status: true, amountFen: true, order: { select: { checkoutId: true, checkout: { select: { provider: true } } } } } }) : null));
  const provider = refund?.donation.provider ?? orderRefund?.order.checkout.provider;
  if ((!refund && !orderRefund) || provider !== run.provider) {
    const paidBy = line.paymentRef ? await db.donation.findUnique({ where: { providerPaymentId: line.paymentRef }, select: { id: true, orgId: true } }) : null;
    await issue({ kind: "UNKNOWN_REFUND", providerRef: line.providerRef, statementFen: line.amountFen, ...(paidBy ? { donationId: paidBy.id, orgId: paidBy.orgId } : {}), details: { ourRef: line.ourRef ?? null, paymentRef: line.paymentRef ?? null } });
    return "issue";
  }
  const refs = refund ? { refundId: refund.id, donationId: refund.donation.id, orgId: refund.donation.orgId } : { checkoutId: orderRefund!.order.checkoutId };
  const expected = (refund ?? orderRefund)!.amountFen;
  if (expected !== line.amountFen) {
    await issue({ kind: "AMOUNT_MISMATCH", providerRef: line.providerRef, expectedFen: expected, statementFen: line.amountFen, ...refs, details: { line: "refund" } });
    return "issue";
  }
  const status = (refund ?? orderRefund)!.status;
  if (status === "SUCCEEDED") return "matched";
  if (status !== "PENDING" && status !== "FAILED") {
    await issue({ kind: "UNKNOWN_REFUND", providerRef: line.providerRef, statementFen: line.amountFen, ...refs, details: { reason: `refund_${status.toLowerCase()}` } });
    return "issue";
  }
  const result = await applyProviderEvent(
    {
      provider: run.provider,
      eventId: `recon:refund:${line.providerRef}`,
      type: "reconciliation.refund",
      kind: "refund_succeeded",
      occurredAt: Number.isNaN(line.occurredAt.getTime()) ? new Date() : line.occurredAt,
      refundId: (refund ?? orderRefund)!.id,
      providerRefundId: line.providerRef,
      amountFen: line.amountFen,
      currency: "CNY",
    },
    db,
  );
  if (result === "refund_completed") return "recovered";
  if (result === "refund_already" || result === "duplicate") return "matched";
  await issue({ kind: "UNKNOWN_REFUND", providerRef: line.providerRef, statementFen: line.amountFen, ...refs, details: { reason: result } });
  return "issue";
}

/** Our donations paid that day through this account that the statement does not list. */
async function missingFromStatement(run: RunRef, date: string, lines: StatementLine[], issue: (i: IssueInput) => Promise<boolean>, db: Db) {
  const { from, to } = shanghaiDayRange(date);
  const listed = new Set(lines.filter((l) => l.kind === "payment").map((l) => l.providerRef));
  const ours = await db.donation.findMany({
    where: { provider: run.provider, status: { in: [...SETTLED] }, paidAt: { gte: from, lt: to }, providerPaymentId: { not: null }, ...(run.accountKey === "STRIPE" ? {} : { merchantAccountId: run.accountKey }) },
    select: { id: true, orgId: true, amountFen: true, providerPaymentId: true },
    take: 5_000,
  });
  for (const d of ours) {
    if (listed.has(d.providerPaymentId!)) continue;
    await issue({ kind: "MISSING_FROM_STATEMENT", providerRef: d.providerPaymentId!, expectedFen: d.amountFen, donationId: d.id, orgId: d.orgId });
  }
}
