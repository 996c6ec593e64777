/**
 * WeChat Pay's trade bill (交易账单, API v3): GET /v3/bill/tradebill?bill_date=&bill_type=ALL answers
 * { hash_type, hash_value, download_url }; the file at download_url (GET /v3/billdownload/file,
 * signed like every request; its answer is the raw file, which the SDK leaves unverified) is
 * checked against the digest and parsed.
 *
 * The file is CSV: a header line, one line per transaction whose every value starts with a
 * backtick (`) so spreadsheets keep long numbers as text, then the summary (a header starting
 * 总交易单数 and one line of totals). Amounts are yuan. 交易状态 SUCCESS is a payment, REFUND a
 * refund (with 微信退款单号 / 商户退款单号 / 退款金额); 手续费 is the fee of the line.
 */
import { createHash } from "node:crypto";
import { ProviderError } from "../provider";
import { beijingTime, splitCsvLine, statementYuanToFen, type StatementLine } from "../statement";

type Requester = {
  get<T>(path: string, config: Record<string, unknown>): Promise<T>;
};

const clean = (v: string | undefined) => (v ?? "").replace(/^\uFEFF/, "").replace(/^`/, "").trim();

/** The bill's transaction lines as statement lines (other states — revoked, closed — are left out). */
export function parseWechatTradeBill(text: string): StatementLine[] {
  const rows = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim() !== "");
  if (!rows.length) return [];
  const header = splitCsvLine(rows[0]!).map(clean);
  const col = (name: string) => header.indexOf(name);
  const at = (cells: string[], ...names: string[]) => {
    for (const n of names) {
      const i = col(n);
      if (i >= 0 && clean(cells[i]) !== "") return clean(cells[i]);
    }
    return "";
  };
  if (col("微信订单号") < 0 || col("交易状态") < 0) throw new ProviderError("WeChat Pay trade bill: unexpected header", false);
  const out: StatementLine[] = [];
  for (const row of rows.slice(1)) {
    const cells = splitCsvLine(row);
    if (clean(cells[0]).startsWith("总交易单数")) break; // the summary follows
    const state = at(cells, "交易状态");
    const occurredAt = beijingTime(at(cells, "交易时间"), new Date(NaN));
    const fee = statementYuanToFen(at(cells, "手续费")) ?? 0n;
    if (state === "SUCCESS") {
      const amount = statementYuanToFen(at(cells, "订单金额", "应结订单金额"));
      const ref = at(cells, "微信订单号");
      if (amount === null || !ref) throw new ProviderError("WeChat Pay trade bill: unreadable payment line", false);
      out.push({ kind: "payment", providerRef: ref, ourRef: at(cells, "商户订单号") || null, amountFen: amount, feeFen: fee, occurredAt });
    } else if (state === "REFUND") {
      const amount = statementYuanToFen(at(cells, "申请退款金额", "退款金额"));
      const ref = at(cells, "微信退款单号");
      if (amount === null || !ref) throw new ProviderError("WeChat Pay trade bill: unreadable refund line", false);
      out.push({ kind: "refund", providerRef: ref, paymentRef: at(cells, "微信订单号") || null, ourRef: at(cells, "商户退款单号") || null, amountFen: amount < 0n ? -amount : amount, feeFen: fee, occurredAt });
    }
  }
  return out;
}

/** Fetches and parses the day's ALL bill. WeChat Pay answers 400 NO_STATEMENT_EXIST for a day without one: no lines. */
export async function fetchWechatTradeBill(client: Requester, date: string): Promise<StatementLine[]> {
  let meta: { hash_type?: string; hash_value?: string; download_url?: string };
  try {
    meta = await client.get("v3/bill/tradebill", { params: { bill_date: date, bill_type: "ALL" } });
  } catch (e) {
    const data = (e as { response?: { status?: number; data?: { code?: string } } })?.response;
    if (data?.status === 400 && data.data?.code === "NO_STATEMENT_EXIST") return [];
    throw e;
  }
  if (!meta?.download_url) throw new ProviderError("WeChat Pay trade bill: no download_url", false);
  const url = new URL(meta.download_url);
  if (url.pathname !== "/v3/billdownload/file") throw new ProviderError("WeChat Pay trade bill: unexpected download_url", false);
  const file = await client.get<ArrayBuffer | Buffer>("v3/billdownload/file", { params: Object.fromEntries(url.searchParams), responseType: "arraybuffer" });
  const bytes = Buffer.isBuffer(file) ? file : Buffer.from(file as ArrayBuffer);
  if (meta.hash_type && meta.hash_value) {
    const algorithm = meta.hash_type.toUpperCase() === "SHA1" ? "sha1" : meta.hash_type.toUpperCase() === "SHA256" ? "sha256" : null;
    if (!algorithm) throw new ProviderError(`WeChat Pay trade bill: unknown hash_type ${meta.hash_type.slice(0, 10)}`, false);
    if (createHash(algorithm).update(bytes).digest("hex").toLowerCase() !== meta.hash_value.toLowerCase()) throw new ProviderError("WeChat Pay trade bill: digest does not match", false);
  }
  return parseWechatTradeBill(bytes.toString("utf8"));
}
