/**
 * A narrow local fake of WeChat Pay 委托代扣 (papay, API v2) for the SDK's v2 client pointed at it
 * with `baseURL`. It speaks the v2 protocol at the network edge:
 * - every XML request's `sign` (MD5, or HMAC-SHA256 when sign_type says so) is checked with the
 *   merchant's API v2 key, as are mch_id / appid and the entrustweb URL's MD5 signature; a bad one
 *   answers return_code FAIL 签名错误;
 * - every answer and notification is signed with the same key — API v2 has no platform key: WeChat
 *   Pay signs with the merchant's v2 key, so a notification signed with any other key is forged.
 *
 * Endpoints: GET /papay/entrustweb (the sign page), POST /pay/pappayapply, /papay/deletecontract,
 * /papay/querycontract. The donor's side is `sign()`, WeChat Pay's deduction outcome `settle()`,
 * a termination in the WeChat app `terminateByDonor()`; each returns the notification XML WeChat
 * Pay would post.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Formatter, Hash, Transformer } from "wechatpay-axios-plugin";

export type FakeContract = {
  contract_id: string;
  contract_code: string;
  plan_id: string;
  openid: string;
  display: string;
  notify_url: string;
  state: "active" | "terminated";
  signed_at: string;
  terminated_at?: string;
  termination_mode?: string;
};

export type FakeDeduction = {
  out_trade_no: string;
  transaction_id?: string;
  contract_id: string;
  total_fee: string;
  attach?: string;
  body: string;
  notify_url: string;
  trade_state: "ACCEPT" | "SUCCESS" | "PAY_FAIL";
  err_code?: string;
  err_code_des?: string;
  time_end?: string;
  request: Record<string, string>;
};

export type PapayRequest = { method: string; path: string; fields: Record<string, string>; signed: boolean };

export type FakePapay = {
  url: string;
  baseURL: string;
  requests: PapayRequest[];
  /** contract_code → the sign page's parameters, once the donor opened it. */
  signPages: Map<string, Record<string, string>>;
  contracts: Map<string, FakeContract>;
  deductions: Map<string, FakeDeduction>;
  /** The next pappayapply answers result_code FAIL with this error. */
  failNext: { err_code: string; err_code_des: string } | null;
  /** The donor opens a sign URL (as WeChat would). */
  open(signUrl: string): Promise<{ status: number; body: string }>;
  /** The donor agrees on the page they opened; the contract notification WeChat Pay posts. */
  sign(contractCode: string, opts?: { openid?: string }): { contract: FakeContract; notification: string };
  /** The donor ends the contract in the WeChat app; the termination notification. */
  terminateByDonor(contractId: string): string;
  contractNotification(c: FakeContract, change: "ADD" | "DELETE"): string;
  /** WeChat Pay settles an accepted deduction; the 扣款结果通知. */
  settle(outTradeNo: string, outcome: "SUCCESS" | "PAY_FAIL", reason?: { err_code: string; err_code_des: string }): string;
  /** A v2 XML notification signed as WeChat Pay signs it (or with another key). */
  notification(fields: Record<string, string>, opts?: { key?: string; signType?: "MD5" | "HMAC-SHA256" }): string;
  close(): Promise<void>;
};

const p2 = (n: number) => String(n).padStart(2, "0");
function beijingParts(d = new Date()) {
  const t = new Date(d.getTime() + 8 * 3600_000);
  return { y: t.getUTCFullYear(), mo: p2(t.getUTCMonth() + 1), d: p2(t.getUTCDate()), h: p2(t.getUTCHours()), mi: p2(t.getUTCMinutes()), s: p2(t.getUTCSeconds()) };
}
const beijing = (d?: Date) => {
  const b = beijingParts(d);
  return `${b.y}-${b.mo}-${b.d} ${b.h}:${b.mi}:${b.s}`;
};
const timeEnd = (d?: Date) => {
  const b = beijingParts(d);
  return `${b.y}${b.mo}${b.d}${b.h}${b.mi}${b.s}`;
};

export async function startFakeWechatPapay(opts: { mchId: string; appId: string; apiV2Key: string; planId: string }): Promise<FakePapay> {
  const key = Hash.keyObjectFrom(Buffer.from(opts.apiV2Key));
  let seq = 0;
  const state = {
    requests: [] as PapayRequest[],
    signPages: new Map<string, Record<string, string>>(),
    contracts: new Map<string, FakeContract>(),
    deductions: new Map<string, FakeDeduction>(),
    failNext: null as FakePapay["failNext"],
  };

  const signWith = (fields: Record<string, string>, k = key, type: "MD5" | "HMAC-SHA256" = "MD5") => Hash.sign(type, fields, k);
  const verify = (fields: Record<string, string>) => {
    if (!fields.sign) return false;
    const type = fields.sign_type === "HMAC-SHA256" ? "HMAC-SHA256" : "MD5";
    return Hash.equals(signWith(fields, key, type), fields.sign);
  };
  const xmlOf = (fields: Record<string, string>, type: "MD5" | "HMAC-SHA256" = "MD5", k = key) => {
    const withType = type === "HMAC-SHA256" ? { ...fields, sign_type: type } : fields;
    return Transformer.toXml({ ...withType, sign: signWith(withType, k, type) });
  };
  const fail = (msg: string) => Transformer.toXml({ return_code: "FAIL", return_msg: msg });
  const business = (fields: Record<string, string>, err?: { err_code: string; err_code_des: string }, nonceless = false) =>
    xmlOf({ return_code: "SUCCESS", return_msg: "OK", appid: opts.appId, mch_id: opts.mchId, ...(nonceless ? {} : { nonce_str: Formatter.nonce() }), result_code: err ? "FAIL" : "SUCCESS", ...(err ?? {}), ...fields });
  const contractById = (id: string | undefined) => [...state.contracts.values()].find((c) => c.contract_id === id);

  function api(path: string, f: Record<string, string>): string {
    switch (path) {
      case "/pay/pappayapply": {
        if (f.trade_type !== "PAP" || !/^\d+$/.test(f.total_fee ?? "") || !f.out_trade_no || !f.notify_url || !f.spbill_create_ip || !f.body) return business({}, { err_code: "PARAM_ERROR", err_code_des: "参数错误" });
        if (state.failNext) {
          const err = state.failNext;
          state.failNext = null;
          return business({}, err);
        }
        const existing = state.deductions.get(f.out_trade_no);
        if (existing) {
          if (existing.total_fee !== f.total_fee || existing.contract_id !== f.contract_id) return business({}, { err_code: "INVALID_REQUEST", err_code_des: "商户订单号重复" });
          return business({}, existing.trade_state === "SUCCESS" ? { err_code: "ORDERPAID", err_code_des: "订单已支付" } : undefined);
        }
        const c = contractById(f.contract_id);
        if (!c || c.state !== "active") return business({}, { err_code: "CONTRACT_NOT_EXIST", err_code_des: "签约协议不存在或已解约" });
        state.deductions.set(f.out_trade_no, { out_trade_no: f.out_trade_no, contract_id: c.contract_id, total_fee: f.total_fee!, attach: f.attach, body: f.body, notify_url: f.notify_url, trade_state: "ACCEPT", request: f });
        return business({});
      }
      case "/papay/deletecontract": {
        if (f.nonce_str !== undefined) return fail("nonce_str 不应出现");
        const c = contractById(f.contract_id);
        if (!c) return business({}, { err_code: "CONTRACT_NOT_EXIST", err_code_des: "签约协议不存在" });
        if (c.state !== "active") return business({}, { err_code: "CONTRACT_ERROR", err_code_des: "签约协议已解约" });
        c.state = "terminated";
        c.terminated_at = beijing();
        c.termination_mode = "3";
        return business({ contract_id: c.contract_id, plan_id: c.plan_id, contract_code: c.contract_code }, undefined, true);
      }
      case "/papay/querycontract": {
        const c = contractById(f.contract_id);
        if (!c) return business({}, { err_code: "CONTRACT_NOT_EXIST", err_code_des: "签约协议不存在" });
        return business({
          contract_id: c.contract_id,
          plan_id: c.plan_id,
          contract_code: c.contract_code,
          openid: c.openid,
          contract_display_account: c.display,
          contract_state: c.state === "active" ? "0" : "1",
          contract_signed_time: c.signed_at,
          contract_expired_time: "2099-12-31 23:59:59",
          ...(c.terminated_at ? { contract_terminated_time: c.terminated_at, contract_termination_mode: c.termination_mode ?? "3" } : {}),
          request_serial: "1",
        });
      }
      default:
        return fail("接口不存在");
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { "Content-Type": type });
        res.end(body);
      };
      if (req.method === "GET" && url.pathname === "/papay/entrustweb") {
        const fields = Object.fromEntries(url.searchParams);
        const signed = verify(fields) && fields.mch_id === opts.mchId && fields.appid === opts.appId;
        state.requests.push({ method: "GET", path: url.pathname, fields, signed });
        if (!signed) return send(400, "text/html; charset=utf-8", "<p>签名错误</p>");
        if (fields.plan_id !== opts.planId || !/^[0-9A-Za-z]{1,32}$/.test(fields.contract_code ?? "") || !/^[1-9]\d{0,18}$/.test(fields.request_serial ?? "") || fields.version !== "1.0") return send(400, "text/html; charset=utf-8", "<p>参数错误</p>");
        state.signPages.set(fields.contract_code!, fields);
        return send(200, "text/html; charset=utf-8", `<!doctype html><title>微信支付 委托代扣</title><p>${fields.contract_display_account}</p>`);
      }
      if (req.method !== "POST") return send(404, "text/plain", "not found");
      let fields: Record<string, string>;
      try {
        fields = Transformer.toObject(Buffer.concat(chunks).toString("utf8")) as Record<string, string>;
      } catch {
        return send(200, "text/xml", fail("XML 格式错误"));
      }
      const signed = verify(fields) && fields.mch_id === opts.mchId && fields.appid === opts.appId;
      state.requests.push({ method: "POST", path: url.pathname, fields, signed });
      if (!signed) return send(200, "text/xml", fail("签名错误"));
      send(200, "text/xml", api(url.pathname, fields));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const fake: FakePapay = Object.assign(state, {
    url,
    baseURL: `${url}/`,
    async open(signUrl: string) {
      const res = await fetch(signUrl, { redirect: "manual" });
      return { status: res.status, body: await res.text() };
    },
    notification(fields: Record<string, string>, o: { key?: string; signType?: "MD5" | "HMAC-SHA256" } = {}) {
      return xmlOf(fields, o.signType ?? "MD5", o.key ? Hash.keyObjectFrom(Buffer.from(o.key)) : key);
    },
    sign(contractCode: string, o: { openid?: string } = {}) {
      const page = state.signPages.get(contractCode);
      if (!page) throw new Error(`the donor never opened a sign page for ${contractCode}`);
      const contract: FakeContract = {
        contract_id: `2024${Date.now()}${String(++seq).padStart(6, "0")}`,
        contract_code: contractCode,
        plan_id: page.plan_id!,
        openid: o.openid ?? `oUpF8u${randomBytes(10).toString("hex")}`,
        display: page.contract_display_account!,
        notify_url: page.notify_url!,
        state: "active",
        signed_at: beijing(),
      };
      state.contracts.set(contractCode, contract);
      return { contract, notification: fake.contractNotification(contract, "ADD") };
    },
    contractNotification(c: FakeContract, change: "ADD" | "DELETE") {
      return fake.notification({
        return_code: "SUCCESS",
        return_msg: "OK",
        result_code: "SUCCESS",
        mch_id: opts.mchId,
        contract_code: c.contract_code,
        plan_id: c.plan_id,
        openid: c.openid,
        change_type: change,
        operate_time: change === "ADD" ? c.signed_at : (c.terminated_at ?? beijing()),
        contract_id: c.contract_id,
        contract_expired_time: "2099-12-31 23:59:59",
        request_serial: "1",
        ...(change === "DELETE" ? { contract_termination_mode: c.termination_mode ?? "2" } : {}),
      });
    },
    terminateByDonor(contractId: string) {
      const c = contractById(contractId);
      if (!c) throw new Error(`no contract ${contractId}`);
      c.state = "terminated";
      c.terminated_at = beijing();
      c.termination_mode = "2";
      return fake.contractNotification(c, "DELETE");
    },
    settle(outTradeNo: string, outcome: "SUCCESS" | "PAY_FAIL", reason?: { err_code: string; err_code_des: string }) {
      const d = state.deductions.get(outTradeNo);
      if (!d) throw new Error(`no deduction ${outTradeNo}`);
      d.trade_state = outcome;
      d.time_end = timeEnd();
      if (outcome === "SUCCESS") d.transaction_id = `4200${Date.now()}${String(++seq).padStart(6, "0")}`;
      else Object.assign(d, reason ?? { err_code: "NOTENOUGH", err_code_des: "余额不足" });
      const c = contractById(d.contract_id)!;
      return fake.notification(
        {
          return_code: "SUCCESS",
          return_msg: "OK",
          appid: opts.appId,
          mch_id: opts.mchId,
          nonce_str: Formatter.nonce(),
          result_code: outcome === "SUCCESS" ? "SUCCESS" : "FAIL",
          ...(outcome === "SUCCESS" ? {} : { err_code: d.err_code!, err_code_des: d.err_code_des! }),
          openid: c.openid,
          is_subscribe: "N",
          bank_type: "OTHERS",
          total_fee: d.total_fee,
          fee_type: "CNY",
          cash_fee: d.total_fee,
          trade_type: "PAP",
          trade_state: outcome,
          out_trade_no: d.out_trade_no,
          ...(d.transaction_id ? { transaction_id: d.transaction_id } : {}),
          ...(d.attach ? { attach: d.attach } : {}),
          time_end: d.time_end,
          contract_id: d.contract_id,
        },
        { signType: "HMAC-SHA256" },
      );
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return fake;
}
