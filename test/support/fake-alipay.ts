/**
 * A narrow local fake of Alipay's OpenAPI v2 gateway (gateway.do) for alipay-sdk pointed at it:
 * - it verifies OUR signature on every request (RSA2 with the app's public key, over all
 *   parameters but `sign`, sorted, k=v&…) and refuses a bad one as Alipay does (isv.invalid-signature);
 * - the page payments (alipay.trade.page.pay / wap.pay) opened by GET create a trade waiting for
 *   payment; `pay()` plays the buyer paying it;
 * - alipay.trade.refund / fastpay.refund.query / close / query answer from that state, as
 *   {"<method>_response": {...}, "sign": "..."} signed with the fake's own "Alipay" private key,
 *   so the SDK's response verification passes (or fails, with `forgeResponses`);
 * - `notification()` builds signed asynchronous notifications (form-encoded bodies) like Alipay's.
 * Like Alipay, a refund repeated with the same out_request_no refunds once (fund_change N).
 */
import { createSign, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeTrade = {
  outTradeNo: string;
  tradeNo: string;
  status: "WAIT_BUYER_PAY" | "TRADE_SUCCESS" | "TRADE_CLOSED" | "TRADE_FINISHED";
  totalAmount: string;
  subject: string;
  productCode: string;
  passbackParams?: string;
  notifyUrl?: string;
  returnUrl?: string;
  quitUrl?: string;
  timeExpire?: string;
  gmtCreate: string;
  gmtPayment?: string;
  gmtClose?: string;
  /** By out_request_no. */
  refunds: Map<string, { amount: string; fen: bigint; gmtRefund: string }>;
};

export type RecordedAlipayRequest = { httpMethod: string; method: string; params: Record<string, string>; biz: Record<string, unknown>; verified: boolean };

export type FakeAlipay = {
  url: string;
  /** Give this to the SDK as `gateway`. */
  gateway: string;
  appId: string;
  sellerId: string;
  /** The fake's "Alipay public key", as the Alipay console shows it (bare base64 SPKI) and as PEM. */
  alipayPublicKeyBase64: string;
  alipayPublicKeyPem: string;
  requests: RecordedAlipayRequest[];
  trades: Map<string, FakeTrade>;
  /** The next API call answers this business error (once), e.g. { code: "40004", sub_code: "ACQ.SELLER_BALANCE_NOT_ENOUGH" }. */
  failNext: Record<string, string> | null;
  /** API calls answer this HTTP status (after doing their work). */
  serverError: number | null;
  /** API calls answer only after this many ms (after doing their work): a timeout. */
  delayMs: number;
  /** API answers are signed with a key that is not Alipay's. */
  forgeResponses: boolean;
  /** Opens a checkout URL as the buyer's browser would (GET). */
  open(redirectUrl: string): Promise<{ status: number; body: string }>;
  /** The buyer pays an opened checkout. */
  pay(outTradeNo: string, at?: Date): FakeTrade;
  /** A signed notification body with these fields (plus notify_time/type/id, app_id, charset, version). */
  notification(fields: Record<string, string>, opts?: { signWith?: KeyObject; signType?: string | null }): string;
  paymentNotification(outTradeNo: string, overrides?: Record<string, string>): string;
  refundNotification(outTradeNo: string, outRequestNo: string, overrides?: Record<string, string>): string;
  closedNotification(outTradeNo: string, overrides?: Record<string, string>): string;
  // reconciliation: trade bills (begin)
  /** Bills by bill_date: the 业务明细 rows the downloaded zip holds (GBK CSV, as Alipay's). */
  bills: Map<string, AlipayBillRow[]>;
  // reconciliation: trade bills (end)
  close(): Promise<void>;
};

// reconciliation: trade bills (begin)
export type AlipayBillRow = { tradeNo: string; outTradeNo: string; type: "交易" | "退款"; amountYuan: string; receivedYuan?: string; feeYuan?: string; requestNo?: string; time: string };
const ALIPAY_BILL_HEADER = "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";
/** Alipay's bill zip: a 业务明细 and a 业务明细(汇总) CSV, GBK-encoded, with # comment lines. */
export async function alipayBillZip(date: string, rows: AlipayBillRow[]): Promise<Buffer> {
  const [{ default: JSZip }, iconv] = await Promise.all([import("jszip"), import("iconv-lite")]);
  const d = date.replace(/-/g, "");
  const detail = [
    "#支付宝业务明细查询",
    "#账号：[20889999999999990156]",
    `#起始日期：[${date} 00:00:00]   终止日期：[${date} 23:59:59]`,
    "#-----------------------------------------业务明细列表----------------------------------------",
    ALIPAY_BILL_HEADER,
    ...rows.map((r) => [r.tradeNo, r.outTradeNo, r.type, "善联捐赠", r.time, r.time, "", "", "", "", "don***@example.cn", r.amountYuan, r.receivedYuan ?? r.amountYuan, "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", r.requestNo ?? "", r.feeYuan ?? "0.00", "0.00", ""].map((v) => `${v}\t`).join(",")),
    "#-----------------------------------------业务明细列表结束------------------------------------",
    `#交易合计：${rows.filter((r) => r.type === "交易").length}笔，商家实收共0.00元`,
    `#导出时间：[${date} 09:00:00]`,
  ].join("\r\n");
  const summary = ["#支付宝业务汇总查询", "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）", "合计,,0,0,0.00,0.00"].join("\r\n");
  const zip = new JSZip();
  zip.file(`20889999999999990156_${d}_业务明细.csv`, iconv.encode(detail, "gbk"));
  zip.file(`20889999999999990156_${d}_业务明细(汇总).csv`, iconv.encode(summary, "gbk"));
  return zip.generateAsync({ type: "nodebuffer" });
}
// reconciliation: trade bills (end)

const p2 = (n: number) => String(n).padStart(2, "0");
/** Beijing wall-clock time, written independently of the app's formatter. */
export function beijing(d: Date = new Date()): string {
  const t = new Date(d.getTime() + 8 * 3600_000);
  return `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())} ${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}`;
}

const toFen = (yuan: string) => {
  const [i, f = ""] = yuan.split(".");
  return BigInt(i!) * 100n + BigInt(f.padEnd(2, "0"));
};
const toYuan = (fen: bigint) => `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`;

/** Alipay's sign content: sorted keys, empty values and the excluded keys left out, k=v joined by &. */
export function signContent(params: Record<string, string>, exclude: string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== "" && params[k] != null)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
}

export function rsa2Sign(content: string, key: KeyObject): string {
  return createSign("RSA-SHA256").update(content, "utf8").sign(key, "base64");
}

export async function startFakeAlipay(opts: { appId: string; appPublicKey: KeyObject | string; sellerId?: string }): Promise<FakeAlipay> {
  const alipayKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const forger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const alipayPublicKeyPem = alipayKeys.publicKey.export({ type: "spki", format: "pem" }) as string;
  const alipayPublicKeyBase64 = (alipayKeys.publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64");
  let seq = 0;
  const state = { requests: [] as RecordedAlipayRequest[], trades: new Map<string, FakeTrade>(), failNext: null as Record<string, string> | null, serverError: null as number | null, delayMs: 0, forgeResponses: false, bills: new Map<string, AlipayBillRow[]>() };
  const sellerId = opts.sellerId ?? "2088721000000001";

  const verifyRequest = (params: Record<string, string>) => {
    if (!params.sign || params.sign_type !== "RSA2") return false;
    try {
      return createVerify("RSA-SHA256").update(signContent(params, ["sign"]), "utf8").verify(opts.appPublicKey, params.sign, "base64");
    } catch {
      return false;
    }
  };

  const findTrade = (biz: Record<string, unknown>) => {
    if (typeof biz.out_trade_no === "string") return state.trades.get(biz.out_trade_no);
    if (typeof biz.trade_no === "string") return [...state.trades.values()].find((t) => t.tradeNo === biz.trade_no);
    return undefined;
  };

  const refundedFen = (t: FakeTrade) => [...t.refunds.values()].reduce((s, r) => s + r.fen, 0n);

  const ok = (fields: Record<string, unknown>) => ({ code: "10000", msg: "Success", ...fields });
  const bizError = (sub_code: string, sub_msg: string) => ({ code: "40004", msg: "Business Failed", sub_code, sub_msg });

  function api(method: string, biz: Record<string, unknown>): Record<string, unknown> {
    const t = findTrade(biz);
    switch (method) {
      case "alipay.trade.refund": {
        if (!t) return bizError("ACQ.TRADE_NOT_EXIST", "交易不存在");
        const outRequestNo = String(biz.out_request_no ?? t.outTradeNo);
        const amount = String(biz.refund_amount ?? "");
        if (!/^\d+(\.\d{1,2})?$/.test(amount) || toFen(amount) <= 0n) return { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-parameter", sub_msg: "refund_amount" };
        const base = { trade_no: t.tradeNo, out_trade_no: t.outTradeNo, buyer_logon_id: "don***@example.cn", buyer_user_id: "2088102177846880" };
        const prior = t.refunds.get(outRequestNo);
        if (prior) {
          if (prior.amount !== toYuan(toFen(amount))) return bizError("ACQ.DISCORDANT_REPEAT_REQUEST", "请求信息不一致");
          return ok({ ...base, fund_change: "N", refund_fee: toYuan(refundedFen(t)), gmt_refund_pay: prior.gmtRefund });
        }
        if (t.status !== "TRADE_SUCCESS") return bizError("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
        const fen = toFen(amount);
        if (refundedFen(t) + fen > toFen(t.totalAmount)) return bizError("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
        const gmtRefund = beijing();
        t.refunds.set(outRequestNo, { amount: toYuan(fen), fen, gmtRefund });
        if (refundedFen(t) === toFen(t.totalAmount)) t.status = "TRADE_CLOSED";
        return ok({ ...base, fund_change: "Y", refund_fee: toYuan(refundedFen(t)), gmt_refund_pay: gmtRefund });
      }
      case "alipay.trade.fastpay.refund.query": {
        if (!t) return bizError("ACQ.TRADE_NOT_EXIST", "交易不存在");
        const r = t.refunds.get(String(biz.out_request_no ?? t.outTradeNo));
        // Alipay answers success without refund fields when it has no such refund.
        if (!r) return ok({});
        return ok({ trade_no: t.tradeNo, out_trade_no: t.outTradeNo, out_request_no: String(biz.out_request_no), total_amount: t.totalAmount, refund_amount: r.amount, refund_status: "REFUND_SUCCESS", gmt_refund_pay: r.gmtRefund });
      }
      case "alipay.trade.close": {
        if (!t) return bizError("ACQ.TRADE_NOT_EXIST", "交易不存在");
        if (t.status !== "WAIT_BUYER_PAY") return bizError("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
        t.status = "TRADE_CLOSED";
        t.gmtClose = beijing();
        return ok({ trade_no: t.tradeNo, out_trade_no: t.outTradeNo });
      }
      case "alipay.trade.query": {
        if (!t) return bizError("ACQ.TRADE_NOT_EXIST", "交易不存在");
        return ok({
          trade_no: t.tradeNo,
          out_trade_no: t.outTradeNo,
          buyer_logon_id: "don***@example.cn",
          trade_status: t.status,
          total_amount: t.totalAmount,
          buyer_pay_amount: t.gmtPayment ? t.totalAmount : "0.00",
          ...(t.gmtPayment ? { send_pay_date: t.gmtPayment } : {}),
        });
      }
      // reconciliation: trade bills (begin)
      case "alipay.data.dataservice.bill.downloadurl.query": {
        const date = String(biz.bill_date ?? "");
        if (biz.bill_type !== "trade" || !state.bills.has(date)) return bizError("isp.bill_not_exist", "账单不存在");
        return ok({ bill_download_url: `${url}/bill/${date}.zip?sign=${randomBytes(8).toString("hex")}` });
      }
      // reconciliation: trade bills (end)
      default:
        return { code: "40004", msg: "Business Failed", sub_code: "isv.invalid-method", sub_msg: "不存在的方法名" };
    }
  }

  function page(params: Record<string, string>, biz: Record<string, unknown>): { status: number; body: string } {
    const scene = params.method === "alipay.trade.page.pay" ? "FAST_INSTANT_TRADE_PAY" : "QUICK_WAP_WAY";
    if (biz.product_code !== scene) return { status: 400, body: "ACQ.PRODUCT_CODE_ERROR" };
    const outTradeNo = String(biz.out_trade_no ?? "");
    const amount = String(biz.total_amount ?? "");
    if (!/^[A-Za-z0-9_]{1,64}$/.test(outTradeNo) || !/^\d+\.\d{2}$/.test(amount) || typeof biz.subject !== "string") return { status: 400, body: "isv.invalid-parameter" };
    if (typeof biz.time_expire === "string" && biz.time_expire < beijing()) return { status: 400, body: "ACQ.TRADE_HAS_CLOSE" };
    const existing = state.trades.get(outTradeNo);
    if (existing) {
      if (existing.totalAmount !== amount) return { status: 400, body: "ACQ.CONTEXT_INCONSISTENT" };
      if (existing.status === "TRADE_CLOSED") return { status: 400, body: "ACQ.TRADE_HAS_CLOSE" };
      if (existing.status !== "WAIT_BUYER_PAY") return { status: 200, body: "<!doctype html><title>支付宝</title><p>该订单已支付</p>" };
    } else {
      const now = new Date();
      state.trades.set(outTradeNo, {
        outTradeNo,
        tradeNo: `${beijing(now).slice(0, 10).replace(/-/g, "")}22001${String(++seq).padStart(11, "0")}`,
        status: "WAIT_BUYER_PAY",
        totalAmount: amount,
        subject: biz.subject,
        productCode: scene,
        passbackParams: typeof biz.passback_params === "string" ? biz.passback_params : undefined,
        notifyUrl: params.notify_url,
        returnUrl: params.return_url,
        quitUrl: typeof biz.quit_url === "string" ? biz.quit_url : undefined,
        timeExpire: typeof biz.time_expire === "string" ? biz.time_expire : undefined,
        gmtCreate: beijing(now),
        refunds: new Map(),
      });
    }
    return { status: 200, body: `<!doctype html><title>支付宝收银台</title><p>${outTradeNo} ¥${amount}</p>` };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const send = (status: number, type: string, body: string) => {
        if (res.destroyed || res.writableEnded) return;
        res.writeHead(status, { "Content-Type": type });
        res.end(body);
      };
      // reconciliation: trade bills (begin)
      const bill = /^\/bill\/(\d{4}-\d{2}-\d{2})\.zip$/.exec(url.pathname);
      if (req.method === "GET" && bill && state.bills.has(bill[1]!)) {
        void alipayBillZip(bill[1]!, state.bills.get(bill[1]!)!).then((zip) => {
          res.writeHead(200, { "Content-Type": "application/zip" });
          res.end(zip);
        });
        return;
      }
      // reconciliation: trade bills (end)
      if (url.pathname !== "/gateway.do") return send(404, "text/plain", "not found");
      const params: Record<string, string> = {};
      let repeated = false;
      const add = (q: URLSearchParams) => {
        for (const [k, v] of q) {
          if (Object.hasOwn(params, k)) repeated = true;
          params[k] = v;
        }
      };
      add(url.searchParams);
      if (req.method === "POST") add(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      let biz: Record<string, unknown> = {};
      try {
        biz = params.biz_content ? (JSON.parse(params.biz_content) as Record<string, unknown>) : {};
      } catch {
        biz = {};
      }
      const method = params.method ?? "";
      const verified = !repeated && verifyRequest(params) && params.app_id === opts.appId && params.charset === "utf-8" && params.version === "1.0";
      state.requests.push({ httpMethod: req.method ?? "GET", method, params, biz, verified });

      if (method === "alipay.trade.page.pay" || method === "alipay.trade.wap.pay") {
        if (!verified) return send(400, "text/html; charset=utf-8", "<!doctype html><p>isv.invalid-signature 验签出错</p>");
        const out = page(params, biz);
        return send(out.status, "text/html; charset=utf-8", out.body);
      }

      let answer: Record<string, unknown>;
      if (!verified) answer = { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature", sub_msg: "验签出错" };
      else if (state.failNext) {
        answer = state.failNext;
        state.failNext = null;
      } else answer = api(method, biz);
      const inner = JSON.stringify(answer);
      const sign = rsa2Sign(inner, state.forgeResponses ? forger : alipayKeys.privateKey);
      const body = `{"${method.replace(/\./g, "_")}_response":${inner},"sign":"${sign}"}`;
      const reply = () => (state.serverError ? send(state.serverError, "text/html", "<html>Bad Gateway</html>") : send(200, "application/json;charset=utf-8", body));
      if (state.delayMs > 0) setTimeout(reply, state.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const tradeOf = (outTradeNo: string) => {
    const t = state.trades.get(outTradeNo);
    if (!t) throw new Error(`fake Alipay has no trade ${outTradeNo}`);
    return t;
  };

  const fake: FakeAlipay = Object.assign(state, {
    url,
    gateway: `${url}/gateway.do`,
    appId: opts.appId,
    sellerId,
    alipayPublicKeyBase64,
    alipayPublicKeyPem,
    async open(redirectUrl: string) {
      const res = await fetch(redirectUrl, { redirect: "manual" });
      return { status: res.status, body: await res.text() };
    },
    pay(outTradeNo: string, at: Date = new Date()) {
      const t = tradeOf(outTradeNo);
      if (t.status !== "WAIT_BUYER_PAY") throw new Error(`trade ${outTradeNo} is ${t.status}`);
      t.status = "TRADE_SUCCESS";
      t.gmtPayment = beijing(at);
      return t;
    },
    notification(fields: Record<string, string>, o: { signWith?: KeyObject; signType?: string | null } = {}) {
      const params: Record<string, string> = {
        notify_time: beijing(),
        notify_type: "trade_status_sync",
        notify_id: `2024${randomBytes(12).toString("hex")}`,
        app_id: opts.appId,
        charset: "utf-8",
        version: "1.0",
        ...fields,
      };
      const signType = o.signType === undefined ? "RSA2" : o.signType;
      // Alipay signs everything but sign and sign_type.
      const sign = rsa2Sign(signContent(params, ["sign", "sign_type"]), o.signWith ?? alipayKeys.privateKey);
      return new URLSearchParams({ ...params, ...(signType ? { sign_type: signType } : {}), sign }).toString();
    },
    paymentNotification(outTradeNo: string, overrides: Record<string, string> = {}) {
      const t = tradeOf(outTradeNo);
      return fake.notification({
        gmt_create: t.gmtCreate,
        gmt_payment: t.gmtPayment ?? "",
        trade_no: t.tradeNo,
        out_trade_no: t.outTradeNo,
        trade_status: t.status,
        total_amount: t.totalAmount,
        receipt_amount: t.totalAmount,
        invoice_amount: t.totalAmount,
        buyer_pay_amount: t.totalAmount,
        point_amount: "0.00",
        subject: t.subject,
        buyer_id: "2088102177846880",
        buyer_logon_id: "don***@example.cn",
        seller_id: sellerId,
        seller_email: "charity@example.cn",
        fund_bill_list: JSON.stringify([{ amount: t.totalAmount, fundChannel: "ALIPAYACCOUNT" }]),
        ...(t.passbackParams ? { passback_params: t.passbackParams } : {}),
        ...overrides,
      });
    },
    refundNotification(outTradeNo: string, outRequestNo: string, overrides: Record<string, string> = {}) {
      const t = tradeOf(outTradeNo);
      const r = t.refunds.get(outRequestNo);
      if (!r) throw new Error(`trade ${outTradeNo} has no refund ${outRequestNo}`);
      return fake.notification({
        gmt_create: t.gmtCreate,
        gmt_payment: t.gmtPayment ?? "",
        gmt_refund: `${r.gmtRefund}.000`,
        trade_no: t.tradeNo,
        out_trade_no: t.outTradeNo,
        out_biz_no: outRequestNo,
        trade_status: t.status,
        total_amount: t.totalAmount,
        refund_fee: toYuan(refundedFen(t)),
        seller_id: sellerId,
        ...(t.passbackParams ? { passback_params: t.passbackParams } : {}),
        ...overrides,
      });
    },
    closedNotification(outTradeNo: string, overrides: Record<string, string> = {}) {
      const t = tradeOf(outTradeNo);
      return fake.notification({ gmt_create: t.gmtCreate, gmt_close: t.gmtClose ?? beijing(), trade_no: t.tradeNo, out_trade_no: t.outTradeNo, trade_status: "TRADE_CLOSED", total_amount: t.totalAmount, seller_id: sellerId, ...overrides });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return fake;
}
