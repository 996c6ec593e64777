/**
 * A narrow local fake of WeChat Pay API v3 for the official SDK (wechatpay-axios-plugin) pointed
 * at it with `baseURL`. It speaks the protocol at the network edge:
 * - every request's Authorization (WECHATPAY2-SHA256-RSA2048) is verified with the merchant's
 *   public key, its serial, mchid and clock; a bad one answers 401 SIGN_ERROR;
 * - every answer is signed (Wechatpay-Timestamp/-Nonce/-Serial/-Signature) with the fake's own
 *   WeChat Pay public key (PUB_KEY_ID_…) or, in platformCertificate mode, the platform certificate's
 *   key, so the SDK verifies it as it would WeChat Pay's;
 * - notifications are built as WeChat Pay posts them: the resource encrypted with AEAD_AES_256_GCM
 *   under the merchant's API v3 key, the body signed over `timestamp\nnonce\nbody\n`.
 *
 * Endpoints: Native/H5/JSAPI orders, query by out_trade_no and by transaction_id, close, refund
 * create and query. The donor's side is `pay()`; a refund settling later is `settleRefund()`.
 */
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Aes, Formatter, Rsa } from "wechatpay-axios-plugin";

export type FakeOrder = {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type: "NATIVE" | "MWEB" | "JSAPI";
  trade_state: "NOTPAY" | "SUCCESS" | "CLOSED" | "REFUND" | "PAYERROR";
  trade_state_desc: string;
  attach?: string;
  description: string;
  notify_url: string;
  success_time?: string;
  payer?: { openid?: string };
  amount: { total: number; currency: string; payer_total?: number; payer_currency?: string };
  scene_info?: { payer_client_ip?: string };
  /** What the order call answered, for a repeated identical call. */
  answer: Record<string, string>;
  requestHash: string;
  refundedFen: number;
};

export type FakeRefund = {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  channel: "ORIGINAL";
  user_received_account: string;
  status: "SUCCESS" | "CLOSED" | "PROCESSING" | "ABNORMAL";
  create_time: string;
  success_time?: string;
  notify_url?: string;
  amount: { total: number; refund: number; payer_total: number; payer_refund: number; currency: string };
};

export type RecordedRequest = { method: string; path: string; query: URLSearchParams; body: string; json: Record<string, any> | null; headers: http.IncomingHttpHeaders; authorized: boolean };

export type FakeWechatPayOptions = {
  mchId: string;
  appId: string;
  merchantSerialNo: string;
  /** The merchant's public key (or certificate), PEM or KeyObject, to verify our requests. */
  merchantPublicKey: string | KeyObject;
  apiV3Key: string;
  mode?: "publicKey" | "platformCertificate";
};

export type NotificationOptions = {
  /** e.g. TRANSACTION.SUCCESS, REFUND.SUCCESS */
  type: string;
  resource: Record<string, unknown>;
  id?: string;
  /** Unix seconds the notification is signed at (now by default). */
  timestamp?: number;
  /** Sign with this key instead of the fake's. */
  signingKey?: KeyObject;
  /** Announce this Wechatpay-Serial instead of the fake's. */
  serial?: string;
  /** Encrypt the resource with this key instead of the merchant's API v3 key. */
  apiV3Key?: string;
  /** Changes the body after signing (an attacker's edit). */
  tamper?: (body: string) => string;
};

export type FakeWechatPay = {
  url: string;
  mode: "publicKey" | "platformCertificate";
  /** The serial WeChat Pay signs under: the public key id or the platform certificate serial. */
  serial: string;
  publicKeyId: string;
  /** WeChat Pay public key (publicKey mode) as the merchant downloads it. */
  publicKeyPem: string;
  /** The platform certificate (platformCertificate mode). */
  platformCertificatePem: string;
  requests: RecordedRequest[];
  orders: Map<string, FakeOrder>;
  refunds: Map<string, FakeRefund>;
  /** Answers every API call with this 5xx (after doing the work for refunds), until reset. */
  serverError: number | null;
  /** Status new refunds are created with. */
  refundStatus: FakeRefund["status"];
  /** Signs answers with this key instead (an impostor between us and WeChat Pay). */
  answerSigningKey: KeyObject | null;
  /** The donor pays an open order: it becomes SUCCESS with a transaction id. */
  pay(outTradeNo: string, opts?: { openid?: string }): FakeOrder;
  /** WeChat Pay settles a refund later (the notification is for the test to send). */
  settleRefund(outRefundNo: string, status: "SUCCESS" | "CLOSED" | "ABNORMAL"): FakeRefund;
  /** The transaction as WeChat Pay reports it (query answers and TRANSACTION.* resources). */
  transaction(outTradeNo: string): Record<string, unknown>;
  /** The refund as REFUND.* notifications carry it. */
  refundResource(outRefundNo: string): Record<string, unknown>;
  /** A signed, encrypted notification, as WeChat Pay posts it to notify_url. */
  notification(opts: NotificationOptions): { body: string; headers: Headers };
  // reconciliation: trade bills (begin)
  /** Trade bills by bill_date (YYYY-MM-DD): the CSV text GET /v3/billdownload/file serves. */
  bills: Map<string, string>;
  /** Serves a digest that does not match the file (a corrupted download). */
  billDigestWrong: boolean;
  // reconciliation: trade bills (end)
  close(): Promise<void>;
};

// reconciliation: trade bills (begin)
export type WechatBillRow = { time: string; transactionId: string; outTradeNo: string; state: "SUCCESS" | "REFUND"; totalYuan: string; refundId?: string; outRefundNo?: string; refundYuan?: string; feeYuan?: string };
const BILL_HEADER = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
/** An ALL trade bill as WeChat Pay writes it: header, backtick-prefixed rows, the summary. */
export function wechatTradeBill(rows: WechatBillRow[], ids: { appId: string; mchId: string }): string {
  const lines = rows.map((r) => {
    const refund = r.state === "REFUND";
    const v = [r.time, ids.appId, ids.mchId, "0", "", r.transactionId, r.outTradeNo, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "NATIVE", r.state, "OTHERS", "CNY", refund ? "0.00" : r.totalYuan, "0.00", r.refundId ?? "", r.outRefundNo ?? "", refund ? (r.refundYuan ?? "0.00") : "0.00", "0.00", refund ? "ORIGINAL" : "", refund ? "SUCCESS" : "", "善联捐赠", "", r.feeYuan ?? "0.00", "0.60%", refund ? "0.00" : r.totalYuan, refund ? (r.refundYuan ?? "0.00") : "0.00", ""];
    return v.map((x) => `\`${x}`).join(",");
  });
  return [BILL_HEADER, ...lines, "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额", `\`${rows.length},\`0.00,\`0.00,\`0.00,\`0.00,\`0.00,\`0.00`].join("\r\n") + "\r\n";
}
// reconciliation: trade bills (end)

const FIXTURES = fileURLToPath(new URL("../fixtures/wechatpay/", import.meta.url));

/** Parses `WECHATPAY2-SHA256-RSA2048 mchid="…",serial_no="…",…`. */
export function parseAuthorization(header: string | undefined): Record<string, string> | null {
  const prefix = "WECHATPAY2-SHA256-RSA2048 ";
  if (!header?.startsWith(prefix)) return null;
  const out: Record<string, string> = {};
  for (const m of header.slice(prefix.length).matchAll(/(\w+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

/** A merchant's credentials as a test makes them: RSA keys from node:crypto, made-up ids. */
export function newMerchant() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    appId: "wxd678efh567hg6787",
    mchId: "1900009191",
    merchantSerialNo: randomBytes(20).toString("hex").toUpperCase(),
    merchantPrivateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    merchantPublicKey: publicKey,
    apiV3Key: randomBytes(16).toString("hex"),
  };
}

const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00");

export async function startFakeWechatPay(opts: FakeWechatPayOptions): Promise<FakeWechatPay> {
  const mode = opts.mode ?? "publicKey";
  const merchantKey = typeof opts.merchantPublicKey === "string" ? createPublicKey(opts.merchantPublicKey) : opts.merchantPublicKey;
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicKeyId = `PUB_KEY_ID_0114${randomBytes(14).toString("hex").toUpperCase()}`;
  const publicKeyPem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
  const platformCertificatePem = readFileSync(`${FIXTURES}platform-cert.pem`, "utf8");
  const platformKey = Rsa.from(readFileSync(`${FIXTURES}platform-key.pem`, "utf8"), Rsa.KEY_TYPE_PRIVATE);
  const platformSerial = new X509Certificate(platformCertificatePem).serialNumber;
  const signingKey = mode === "publicKey" ? pair.privateKey : platformKey;
  const serial = mode === "publicKey" ? publicKeyId : platformSerial;
  let seq = 0;
  const txSeq = () => `4200${Date.now()}${String(++seq).padStart(6, "0")}`;

  const state = {
    requests: [] as RecordedRequest[],
    orders: new Map<string, FakeOrder>(),
    refunds: new Map<string, FakeRefund>(),
    serverError: null as number | null,
    refundStatus: "PROCESSING" as FakeRefund["status"],
    answerSigningKey: null as KeyObject | null,
    // reconciliation: trade bills
    bills: new Map<string, string>(),
    billDigestWrong: false,
  };

  function signedHeaders(body: string, key: KeyObject, serialNo: string, timestamp = Formatter.timestamp()): Record<string, string> {
    const nonce = Formatter.nonce();
    return {
      "Wechatpay-Timestamp": String(timestamp),
      "Wechatpay-Nonce": nonce,
      "Wechatpay-Serial": serialNo,
      "Wechatpay-Signature": Rsa.sign(Formatter.response(timestamp, nonce, body), key),
    };
  }

  function verifyAuthorization(method: string, uri: string, body: string, header: string | undefined): boolean {
    const auth = parseAuthorization(header);
    if (!auth || auth.mchid !== opts.mchId || auth.serial_no !== opts.merchantSerialNo) return false;
    if (!auth.timestamp || !auth.nonce_str || !auth.signature) return false;
    if (Math.abs(Formatter.timestamp() - Number(auth.timestamp)) > 300) return false;
    return Rsa.verify(Formatter.request(method, uri, auth.timestamp, auth.nonce_str, body), auth.signature, merchantKey);
  }

  function transaction(no: string): Record<string, unknown> {
    const o = state.orders.get(no);
    if (!o) throw new Error(`fake WeChat Pay has no order ${no}`);
    return {
      appid: o.appid,
      mchid: o.mchid,
      out_trade_no: o.out_trade_no,
      ...(o.transaction_id ? { transaction_id: o.transaction_id, bank_type: "OTHERS", success_time: o.success_time } : {}),
      trade_type: o.trade_type,
      trade_state: o.trade_state,
      trade_state_desc: o.trade_state_desc,
      attach: o.attach ?? "",
      payer: o.payer ?? {},
      amount: o.transaction_id ? { total: o.amount.total, payer_total: o.amount.total, currency: o.amount.currency, payer_currency: "CNY" } : { total: o.amount.total, currency: o.amount.currency },
    };
  }

  function refundResource(no: string): Record<string, unknown> {
    const r = state.refunds.get(no);
    if (!r) throw new Error(`fake WeChat Pay has no refund ${no}`);
    // REFUND.* resources name the status refund_status and carry no currency.
    const { status, amount, channel: _c, create_time: _t, notify_url: _n, ...rest } = r;
    return { mchid: opts.mchId, ...rest, refund_status: status, amount: { total: amount.total, refund: amount.refund, payer_total: amount.payer_total, payer_refund: amount.payer_refund } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://fake");
      let json: Record<string, any> | null = null;
      try {
        json = body ? (JSON.parse(body) as Record<string, any>) : null;
      } catch {
        json = null;
      }
      const authorized = verifyAuthorization(method, `${url.pathname}${url.search}`, body, req.headers.authorization);
      state.requests.push({ method, path: url.pathname, query: url.searchParams, body, json, headers: req.headers, authorized });

      const send = (status: number, payload?: unknown) => {
        if (res.destroyed || res.writableEnded) return;
        const text = payload === undefined ? "" : JSON.stringify(payload);
        const headers: Record<string, string> = { "Request-ID": `08${randomBytes(12).toString("hex").toUpperCase()}`, ...signedHeaders(text, state.answerSigningKey ?? signingKey, serial) };
        if (text) headers["Content-Type"] = "application/json";
        res.writeHead(status, headers);
        res.end(text);
      };
      const fail = (status: number, code: string, message: string) => send(status, { code, message });

      if (!authorized) return fail(401, "SIGN_ERROR", "签名错误，请检查后再试");
      if (state.serverError && !(method === "POST" && url.pathname === "/v3/refund/domestic/refunds")) return fail(state.serverError, "SYSTEM_ERROR", "系统错误");

      const order = /^\/v3\/pay\/transactions\/(native|h5|jsapi)$/.exec(url.pathname);
      if (method === "POST" && order && json) {
        const scene = order[1] as "native" | "h5" | "jsapi";
        if (json.appid !== opts.appId || json.mchid !== opts.mchId) return fail(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配");
        const total = json.amount?.total;
        if (!Number.isInteger(total) || total <= 0 || json.amount?.currency !== "CNY") return fail(400, "PARAM_ERROR", "amount.total 非法");
        if (typeof json.out_trade_no !== "string" || !json.description || !json.notify_url) return fail(400, "PARAM_ERROR", "缺少必填参数");
        if (typeof json.attach === "string" && json.attach.length > 128) return fail(400, "PARAM_ERROR", "attach 超长");
        if (scene === "h5" && !json.scene_info?.payer_client_ip) return fail(400, "PARAM_ERROR", "scene_info.payer_client_ip 必填");
        if (scene === "h5" && !json.scene_info?.h5_info?.type) return fail(400, "PARAM_ERROR", "scene_info.h5_info.type 必填");
        if (scene === "jsapi" && !json.payer?.openid) return fail(400, "PARAM_ERROR", "payer.openid 必填");
        const requestHash = createHash("sha256").update(body).digest("hex");
        const existing = state.orders.get(json.out_trade_no);
        if (existing) {
          if (existing.trade_state === "CLOSED") return fail(400, "ORDER_CLOSED", "订单已关闭");
          if (existing.trade_state !== "NOTPAY") return fail(400, "ORDERPAID", "该订单已支付");
          if (existing.requestHash !== requestHash) return fail(400, "INVALID_REQUEST", "201 商户订单号重复");
          return send(200, existing.answer);
        }
        const prepayId = `wx${Date.now()}${randomBytes(8).toString("hex")}`;
        const answer: Record<string, string> =
          scene === "native" ? { code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString("base64url")}` }
          : scene === "h5" ? { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${prepayId}&package=${seq}` }
          : { prepay_id: prepayId };
        state.orders.set(json.out_trade_no, {
          appid: json.appid,
          mchid: json.mchid,
          out_trade_no: json.out_trade_no,
          trade_type: scene === "native" ? "NATIVE" : scene === "h5" ? "MWEB" : "JSAPI",
          trade_state: "NOTPAY",
          trade_state_desc: "订单未支付",
          attach: json.attach,
          description: json.description,
          notify_url: json.notify_url,
          payer: json.payer,
          scene_info: json.scene_info,
          amount: { total, currency: "CNY" },
          answer,
          requestHash,
          refundedFen: 0,
        });
        return send(200, answer);
      }

      const byNo = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
      const byId = /^\/v3\/pay\/transactions\/id\/([^/]+)$/.exec(url.pathname);
      if (method === "GET" && (byNo || byId)) {
        if (url.searchParams.get("mchid") !== opts.mchId) return fail(400, "PARAM_ERROR", "mchid 必填");
        const key = decodeURIComponent((byNo ?? byId)![1]!);
        const o = byNo ? state.orders.get(key) : [...state.orders.values()].find((x) => x.transaction_id === key);
        if (!o) return fail(404, "ORDER_NOT_EXIST", "订单不存在");
        return send(200, transaction(o.out_trade_no));
      }

      const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(url.pathname);
      if (method === "POST" && close) {
        if (json?.mchid !== opts.mchId) return fail(400, "PARAM_ERROR", "mchid 必填");
        const o = state.orders.get(decodeURIComponent(close[1]!));
        if (!o) return fail(404, "ORDER_NOT_EXIST", "订单不存在");
        if (o.trade_state === "SUCCESS" || o.trade_state === "REFUND") return fail(400, "ORDERPAID", "该订单已支付");
        o.trade_state = "CLOSED";
        o.trade_state_desc = "订单已关闭";
        return send(204);
      }

      if (method === "POST" && url.pathname === "/v3/refund/domestic/refunds" && json) {
        const existing = state.refunds.get(json.out_refund_no);
        if (existing) return state.serverError ? fail(state.serverError, "SYSTEM_ERROR", "系统错误") : send(200, existing);
        const o = [...state.orders.values()].find((x) => x.transaction_id && x.transaction_id === json!.transaction_id);
        if (!o) return fail(404, "RESOURCE_NOT_EXISTS", "订单不存在");
        const amount = json.amount ?? {};
        if (amount.total !== o.amount.total) return fail(400, "PARAM_ERROR", "订单金额与退款金额不符");
        if (amount.currency !== "CNY" || !Number.isInteger(amount.refund) || amount.refund <= 0) return fail(400, "PARAM_ERROR", "退款金额非法");
        if (o.refundedFen + amount.refund > o.amount.total) return fail(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额");
        o.refundedFen += amount.refund;
        o.trade_state = "REFUND";
        o.trade_state_desc = "转入退款";
        const refund: FakeRefund = {
          refund_id: `50${txSeq()}`,
          out_refund_no: json.out_refund_no,
          transaction_id: o.transaction_id!,
          out_trade_no: o.out_trade_no,
          channel: "ORIGINAL",
          user_received_account: "支付用户零钱",
          status: state.refundStatus,
          create_time: isoNow(),
          ...(state.refundStatus === "SUCCESS" ? { success_time: isoNow() } : {}),
          notify_url: json.notify_url,
          amount: { total: o.amount.total, refund: amount.refund, payer_total: o.amount.total, payer_refund: amount.refund, currency: "CNY" },
        };
        state.refunds.set(refund.out_refund_no, refund);
        // The refund exists whatever the caller hears back.
        if (state.serverError) return fail(state.serverError, "SYSTEM_ERROR", "系统错误");
        return send(200, refund);
      }

      // reconciliation: trade bills (begin)
      if (method === "GET" && url.pathname === "/v3/bill/tradebill") {
        const date = url.searchParams.get("bill_date") ?? "";
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !url.searchParams.get("bill_type")) return fail(400, "PARAM_ERROR", "bill_date 非法");
        const bill = state.bills.get(date);
        if (bill === undefined) return fail(400, "NO_STATEMENT_EXIST", "要下载的账单不存在");
        const hash = createHash("sha1").update(state.billDigestWrong ? `${bill}x` : bill, "utf8").digest("hex");
        return send(200, { hash_type: "SHA1", hash_value: hash, download_url: `http://${req.headers.host}/v3/billdownload/file?token=${encodeURIComponent(date)}` });
      }
      if (method === "GET" && url.pathname === "/v3/billdownload/file") {
        const bill = state.bills.get(url.searchParams.get("token") ?? "");
        if (bill === undefined) return fail(404, "RESOURCE_NOT_EXISTS", "文件不存在");
        // The file itself is not signed (the SDK does not verify downloads): the digest covers it.
        res.writeHead(200, { "Content-Type": "application/octet-stream" });
        return res.end(Buffer.from(bill, "utf8"));
      }
      // reconciliation: trade bills (end)

      const refundQuery = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(url.pathname);
      if (method === "GET" && refundQuery) {
        const r = state.refunds.get(decodeURIComponent(refundQuery[1]!));
        return r ? send(200, r) : fail(404, "RESOURCE_NOT_EXISTS", "退款单不存在");
      }

      return fail(404, "NOT_FOUND", `no such endpoint: ${method} ${url.pathname}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/`,
    mode,
    serial,
    publicKeyId,
    publicKeyPem,
    platformCertificatePem,
    pay(outTradeNo: string, payOpts: { openid?: string } = {}) {
      const o = state.orders.get(outTradeNo);
      if (!o || o.trade_state !== "NOTPAY") throw new Error(`fake WeChat Pay: order ${outTradeNo} is not open`);
      o.trade_state = "SUCCESS";
      o.trade_state_desc = "支付成功";
      o.transaction_id = txSeq();
      o.success_time = isoNow();
      o.payer = { openid: payOpts.openid ?? o.payer?.openid ?? `oUpF8uMuAJO_M2pxb1Q9zNjWeS6o${seq}` };
      return o;
    },
    settleRefund(outRefundNo: string, status: "SUCCESS" | "CLOSED" | "ABNORMAL") {
      const r = state.refunds.get(outRefundNo);
      if (!r) throw new Error(`fake WeChat Pay has no refund ${outRefundNo}`);
      r.status = status;
      if (status === "SUCCESS") r.success_time = isoNow();
      return r;
    },
    transaction,
    refundResource,
    notification(n: NotificationOptions) {
      const nonce = randomBytes(9).toString("base64url"); // 12 characters, as WeChat Pay sends
      const associated = n.type.startsWith("REFUND.") ? "refund" : "transaction";
      const ciphertext = Aes.AesGcm.encrypt(JSON.stringify(n.resource), Buffer.from(n.apiV3Key ?? opts.apiV3Key), nonce, associated);
      const envelope = {
        id: n.id ?? randomUUID(),
        create_time: isoNow(),
        resource_type: "encrypt-resource",
        event_type: n.type,
        summary: n.type.startsWith("REFUND.") ? "退款成功" : "支付成功",
        resource: { original_type: associated, algorithm: "AEAD_AES_256_GCM", ciphertext, associated_data: associated, nonce },
      };
      const body = JSON.stringify(envelope);
      const headers = signedHeaders(body, n.signingKey ?? signingKey, n.serial ?? serial, n.timestamp);
      return { body: n.tamper ? n.tamper(body) : body, headers: new Headers({ ...headers, "Content-Type": "application/json" }) };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
