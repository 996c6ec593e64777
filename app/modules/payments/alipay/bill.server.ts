/**
 * Alipay's trade bill: alipay.data.dataservice.bill.downloadurl.query (bill_type trade, bill_date
 * YYYY-MM-DD) answers bill_download_url, a short-lived signed link to a zip of GBK-encoded CSV
 * files. The 业务明细 file (not the 汇总 one) lists each movement: lines starting with # are
 * comments (title, account, period, end marker, totals), then a header and one line per movement:
 * 支付宝交易号, 商户订单号, 业务类型 (交易 / 退款), 订单金额（元）, 商家实收（元）, 退款批次号/请求号,
 * 服务费（元）… Amounts are yuan; a refund's 商家实收 and 服务费 are negative.
 */
import JSZip from "jszip";
import { ProviderError } from "../provider";
import { beijingTime, splitCsvLine, statementYuanToFen, type StatementLine } from "../statement";

const cell = (v: string | undefined) => (v ?? "").replace(/^\uFEFF/, "").replace(/^`/, "").trim();

/** The 业务明细 CSV (already decoded) as statement lines. */
export function parseAlipayTradeDetails(text: string): StatementLine[] {
  const rows = text.split(/\r?\n/).map((l) => l.replace(/^\uFEFF/, "")).filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (!rows.length) return [];
  const header = splitCsvLine(rows[0]!).map(cell);
  const col = (name: string) => header.indexOf(name);
  if (col("支付宝交易号") < 0 || col("业务类型") < 0) throw new ProviderError("Alipay bill: unexpected header", false);
  const get = (cells: string[], name: string) => (col(name) >= 0 ? cell(cells[col(name)]) : "");
  const out: StatementLine[] = [];
  for (const row of rows.slice(1)) {
    const cells = splitCsvLine(row);
    const type = get(cells, "业务类型");
    const tradeNo = get(cells, "支付宝交易号");
    const occurredAt = beijingTime(get(cells, "完成时间") || get(cells, "创建时间"), new Date(NaN));
    const fee = -(statementYuanToFen(get(cells, "服务费（元）")) ?? 0n); // the bill writes the fee as a deduction
    if (type === "交易") {
      const amount = statementYuanToFen(get(cells, "订单金额（元）"));
      if (amount === null || !tradeNo) throw new ProviderError("Alipay bill: unreadable trade line", false);
      out.push({ kind: "payment", providerRef: tradeNo, ourRef: get(cells, "商户订单号") || null, amountFen: amount, feeFen: fee < 0n ? -fee : fee, occurredAt });
    } else if (type === "退款") {
      const received = statementYuanToFen(get(cells, "商家实收（元）"));
      const amount = received !== null && received !== 0n ? received : statementYuanToFen(get(cells, "订单金额（元）"));
      const requestNo = get(cells, "退款批次号/请求号");
      if (amount === null || !tradeNo) throw new ProviderError("Alipay bill: unreadable refund line", false);
      out.push({ kind: "refund", providerRef: requestNo || `${tradeNo}:${get(cells, "商户订单号")}`, paymentRef: tradeNo, ourRef: requestNo || null, amountFen: amount < 0n ? -amount : amount, feeFen: fee, occurredAt });
    }
  }
  return out;
}

/** The zip's 业务明细 file, decoded from GBK, as statement lines. */
export async function parseAlipayBillZip(zipBytes: Uint8Array): Promise<StatementLine[]> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes);
  } catch {
    throw new ProviderError("Alipay bill: not a zip file", false);
  }
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir && /\.csv$/i.test(n));
  // File names are GBK bytes too in Alipay's zips; JSZip reads them as given. Pick the detail
  // file by name when readable, else the one whose text says 明细 without 汇总.
  const decoder = new TextDecoder("gbk");
  for (const name of names) {
    const text = decoder.decode(await zip.files[name]!.async("uint8array"));
    const title = text.split(/\r?\n/, 1)[0] ?? "";
    if (/汇总/.test(name) || /汇总/.test(title)) continue;
    if (/明细/.test(name) || /明细/.test(title)) return parseAlipayTradeDetails(text);
  }
  throw new ProviderError("Alipay bill: no 业务明细 file in the zip", false);
}

type BillSdk = { exec(method: string, params: Record<string, unknown>, options: { validateSign: boolean }): Promise<Record<string, unknown>> };

/**
 * Asks for the day's bill link (signed call, signed answer) and downloads it. Alipay answers
 * isp.bill_not_exist for a day without a bill: no lines.
 */
export async function fetchAlipayTradeBill(sdk: BillSdk, date: string, opts: { timeoutMs?: number } = {}): Promise<StatementLine[]> {
  const res = await sdk.exec("alipay.data.dataservice.bill.downloadurl.query", { bizContent: { bill_type: "trade", bill_date: date } }, { validateSign: true });
  if (res.code !== "10000") {
    if (String(res.sub_code ?? "").includes("bill_not_exist")) return [];
    throw new ProviderError(`Alipay bill link refused: ${String(res.sub_code ?? res.code ?? "").slice(0, 60)}`, true);
  }
  const link = typeof res.bill_download_url === "string" ? res.bill_download_url : "";
  if (!/^https?:\/\//.test(link)) throw new ProviderError("Alipay bill: no bill_download_url", false);
  const answer = await fetch(link, { signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
  if (!answer.ok) throw new ProviderError(`Alipay bill download failed: HTTP ${answer.status}`, false);
  return parseAlipayBillZip(new Uint8Array(await answer.arrayBuffer()));
}
