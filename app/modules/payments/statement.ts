/**
 * The statement port: what a provider says moved through one account on one day (its trade bill,
 * its balance transactions), provider-neutral, in integer fen. Reconciliation
 * (app/modules/reconciliation) compares these lines with our records.
 */
import type { ProviderName } from "./provider";

export type StatementLine = {
  kind: "payment" | "refund";
  /** The provider's transaction id (payment) or refund id (refund). */
  providerRef: string;
  /** The provider's transaction id of the payment a refund belongs to, when the statement gives it. */
  paymentRef?: string | null;
  /** Ours when the statement carries it: out_trade_no / payable id (payment), out_refund_no / our refund id (refund). */
  ourRef?: string | null;
  /** The payable kind named by the metadata (Stripe), when known. */
  ourKind?: "donation" | "shop_checkout" | null;
  /** Payment: the order amount; refund: the amount refunded. Positive. */
  amountFen: bigint;
  /** The provider's fee on this line (a refund's may be negative: the fee given back). */
  feeFen: bigint;
  occurredAt: Date;
};

export type Statement = { provider: ProviderName; date: string; lines: StatementLine[] };

/** YYYY-MM-DD (a day in Asia/Shanghai). */
export const STATEMENT_DATE = /^\d{4}-\d{2}-\d{2}$/;

const SHANGHAI_MS = 8 * 3_600_000;

/** The instants a Shanghai day begins and ends ([from, to)). */
export function shanghaiDayRange(date: string): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_MS);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** The Shanghai day of an instant, YYYY-MM-DD. */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);
}

/** "2024-05-01 12:34:56" (Beijing wall-clock) → Date; the fallback when it is not one. */
export function beijingTime(text: string | undefined, fallback: Date): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec((text ?? "").trim());
  if (!m) return fallback;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - SHANGHAI_MS);
}

/** A yuan amount as a statement writes it ("88.80", "-0.05", "1,234.00", "¥0.01") → fen; null when not one. */
export function statementYuanToFen(text: string | undefined): bigint | null {
  const s = (text ?? "").replace(/[`¥￥,\s]/g, "");
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const fen = BigInt(m[2]!) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -fen : fen;
}

/** Splits one CSV line (quotes allowed) into trimmed fields. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}
