/**
 * A narrow local fake of Alipay 周期扣款 (商家扣款) on the OpenAPI v2 gateway, for the official
 * alipay-sdk pointed at it: every request's RSA2 signature is verified with the app's public key,
 * every answer is signed with the fake's own "Alipay" key (which the SDK verifies), and the
 * notifications are signed the way Alipay signs them (all fields but sign and sign_type).
 *
 * Methods: alipay.user.agreement.page.sign (the GET page), alipay.trade.pay with agreement_params,
 * alipay.user.agreement.unsign, alipay.user.agreement.query. The donor's side is `sign()` (the
 * dut_user_sign notification), `unsignByDonor()` (dut_user_unsign); a deduction that waits settles
 * with `settle()` (trade_status_sync).
 */
import { createVerify, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { beijing, rsa2Sign, signContent } from "./fake-alipay";

export type FakeAgreement = {
  agreementNo: string;
  externalAgreementNo: string;
  signScene: string;
  personalProductCode: string;
  singleAmount: string;
  executeTime: string;
  notifyUrl?: string;
  status: "NORMAL" | "UNSIGN";
  signTime: string;
  unsignTime?: string;
};

export type FakeDeductTrade = { outTradeNo: string; tradeNo: string; agreementNo: string; totalAmount: string; body?: string; subject: string; status: "WAIT_BUYER_PAY" | "TRADE_SUCCESS" | "TRADE_CLOSED"; gmtPayment?: string; notifyUrl?: string };

export type AgreementRequest = { httpMethod: string; method: string; params: Record<string, string>; biz: Record<string, any>; verified: boolean };

export type FakeAlipayAgreement = {
  gateway: string;
  appId: string;
  alipayPublicKeyBase64: string;
  requests: AgreementRequest[];
  /** external_agreement_no → the sign page the donor opened. */
  signPages: Map<string, { params: Record<string, string>; biz: Record<string, any> }>;
  agreements: Map<string, FakeAgreement>;
  trades: Map<string, FakeDeductTrade>;
  /** How the next alipay.trade.pay answers: paid at once (default), waiting (10003), or refused. */
  nextPay: { code: "10000" } | { code: "10003" } | { code: "40004"; sub_code: string; sub_msg: string } | { code: "20000"; sub_code: string; sub_msg: string };
  open(url: string): Promise<{ status: number; body: string }>;
  sign(externalAgreementNo: string): { agreement: FakeAgreement; notification: string };
  unsignByDonor(agreementNo: string): string;
  settle(outTradeNo: string, outcome: "TRADE_SUCCESS" | "TRADE_CLOSED"): string;
  notification(fields: Record<string, string>, opts?: { signWith?: KeyObject }): string;
  close(): Promise<void>;
};

export async function startFakeAlipayAgreement(opts: { appId: string; appPublicKey: KeyObject; sellerId?: string }): Promise<FakeAlipayAgreement> {
  const alipayKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const alipayPublicKeyBase64 = (alipayKeys.publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64");
  const sellerId = opts.sellerId ?? "2088721000000001";
  let seq = 0;
  const nextNo = (prefix: string) => `${prefix}${Date.now()}${String(++seq).padStart(6, "0")}`;
  const state = {
    requests: [] as AgreementRequest[],
    signPages: new Map<string, { params: Record<string, string>; biz: Record<string, any> }>(),
    agreements: new Map<string, FakeAgreement>(),
    trades: new Map<string, FakeDeductTrade>(),
    nextPay: { code: "10000" } as FakeAlipayAgreement["nextPay"],
  };

  const verifyRequest = (params: Record<string, string>) => {
    if (!params.sign || params.sign_type !== "RSA2") return false;
    try {
      return createVerify("RSA-SHA256").update(signContent(params, ["sign"]), "utf8").verify(opts.appPublicKey, params.sign, "base64");
    } catch {
      return false;
    }
  };
  const ok = (fields: Record<string, unknown>) => ({ code: "10000", msg: "Success", ...fields });
  const bizError = (sub_code: string, sub_msg: string) => ({ code: "40004", msg: "Business Failed", sub_code, sub_msg });
  const byNo = (no: unknown) => [...state.agreements.values()].find((a) => a.agreementNo === no);

  function api(method: string, biz: Record<string, any>, params: Record<string, string>): Record<string, unknown> {
    switch (method) {
      case "alipay.trade.pay": {
        const a = byNo(biz.agreement_params?.agreement_no);
        if (biz.product_code !== "CYCLE_PAY_AUTH") return bizError("ACQ.PRODUCT_AMOUNT_LIMIT_ERROR", "产品码错误");
        if (!/^[A-Za-z0-9_]{1,64}$/.test(String(biz.out_trade_no ?? "")) || !/^\d+\.\d{2}$/.test(String(biz.total_amount ?? ""))) return { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-parameter", sub_msg: "参数无效" };
        const existing = state.trades.get(biz.out_trade_no);
        if (existing) {
          if (existing.totalAmount !== biz.total_amount) return bizError("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改");
          if (existing.status === "TRADE_SUCCESS") return bizError("ACQ.TRADE_HAS_SUCCESS", "交易已被支付");
        }
        if (!a || a.status !== "NORMAL") return bizError("ACQ.AGREEMENT_NOT_EXIST", "用户协议不存在");
        const total = Number(biz.total_amount) * 100;
        if (total > Number(a.singleAmount) * 100) return bizError("ACQ.CYCLE_PAY_SINGLE_FEE_EXCEED", "周期扣款的单笔金额超过签约时限制");
        const outcome = state.nextPay;
        state.nextPay = { code: "10000" };
        if (outcome.code === "40004" || outcome.code === "20000") return { msg: outcome.code === "20000" ? "Service Currently Unavailable" : "Business Failed", ...outcome };
        const t: FakeDeductTrade = existing ?? { outTradeNo: biz.out_trade_no, tradeNo: nextNo("2026"), agreementNo: a.agreementNo, totalAmount: biz.total_amount, body: biz.body, subject: biz.subject, status: "WAIT_BUYER_PAY", notifyUrl: params.notify_url };
        state.trades.set(t.outTradeNo, t);
        const base = { trade_no: t.tradeNo, out_trade_no: t.outTradeNo, buyer_logon_id: "don***@example.cn", total_amount: t.totalAmount };
        if (outcome.code === "10003") return { code: "10003", msg: "Order success pay inprocess", ...base };
        t.status = "TRADE_SUCCESS";
        t.gmtPayment = beijing();
        return ok({ ...base, receipt_amount: t.totalAmount, gmt_payment: t.gmtPayment, buyer_user_id: "2088102177846880" });
      }
      case "alipay.user.agreement.unsign": {
        const a = byNo(biz.agreement_no);
        if (!a || a.status !== "NORMAL") return bizError("USER_AGREEMENT_NOT_EXIST", "用户协议不存在");
        a.status = "UNSIGN";
        a.unsignTime = beijing();
        return ok({});
      }
      case "alipay.user.agreement.query": {
        const a = byNo(biz.agreement_no);
        if (!a || a.status !== "NORMAL") return bizError("USER_AGREEMENT_NOT_EXIST", "用户协议不存在");
        return ok({
          agreement_no: a.agreementNo,
          external_agreement_no: a.externalAgreementNo,
          personal_product_code: a.personalProductCode,
          sign_scene: a.signScene,
          status: a.status,
          sign_time: a.signTime,
          valid_time: a.signTime,
          invalid_time: "2115-02-01 00:00:00",
          single_quota: a.singleAmount,
          next_deduct_time: a.executeTime,
          alipay_logon_id: "don***@example.cn",
        });
      }
      default:
        return { code: "40004", msg: "Business Failed", sub_code: "isv.invalid-method", sub_msg: "不存在的方法名" };
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
      if (url.pathname !== "/gateway.do") return send(404, "text/plain", "not found");
      const params: Record<string, string> = {};
      for (const [k, v] of url.searchParams) params[k] = v;
      if (req.method === "POST") for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) params[k] = v;
      let biz: Record<string, any> = {};
      try {
        biz = params.biz_content ? JSON.parse(params.biz_content) : {};
      } catch {
        biz = {};
      }
      const method = params.method ?? "";
      const verified = verifyRequest(params) && params.app_id === opts.appId && params.version === "1.0";
      state.requests.push({ httpMethod: req.method ?? "GET", method, params, biz, verified });

      if (method === "alipay.user.agreement.page.sign") {
        if (!verified) return send(400, "text/html; charset=utf-8", "<p>isv.invalid-signature 验签出错</p>");
        const rule = biz.period_rule_params ?? {};
        const valid =
          biz.product_code === "CYCLE_PAY_AUTH" &&
          biz.personal_product_code === "CYCLE_PAY_AUTH_P" &&
          /^[A-Za-z0-9]{1,32}$/.test(String(biz.external_agreement_no ?? "")) &&
          typeof biz.sign_scene === "string" &&
          biz.sign_scene !== "DEFAULT|DEFAULT" &&
          ["ALIPAYAPP", "QRCODE", "QRCODEORSMS"].includes(biz.access_params?.channel) &&
          rule.period_type === "MONTH" &&
          Number(rule.period) >= 1 &&
          /^\d{4}-\d{2}-(0[1-9]|1\d|2[0-8])$/.test(String(rule.execute_time ?? "")) &&
          /^\d+\.\d{2}$/.test(String(rule.single_amount ?? ""));
        if (!valid) return send(400, "text/html; charset=utf-8", "<p>isv.invalid-parameter</p>");
        state.signPages.set(biz.external_agreement_no, { params, biz });
        return send(200, "text/html; charset=utf-8", `<!doctype html><title>支付宝 周期扣款签约</title><p>${rule.single_amount}</p>`);
      }
      const answer = verified ? api(method, biz, params) : { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature", sub_msg: "验签出错" };
      const inner = JSON.stringify(answer);
      const sign = rsa2Sign(inner, alipayKeys.privateKey);
      send(200, "application/json;charset=utf-8", `{"${method.replace(/\./g, "_")}_response":${inner},"sign":"${sign}"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const gateway = `http://127.0.0.1:${port}/gateway.do`;

  const fake: FakeAlipayAgreement = Object.assign(state, {
    gateway,
    appId: opts.appId,
    alipayPublicKeyBase64,
    async open(u: string) {
      const r = await fetch(u, { redirect: "manual" });
      return { status: r.status, body: await r.text() };
    },
    notification(fields: Record<string, string>, o: { signWith?: KeyObject } = {}) {
      const params: Record<string, string> = { notify_time: beijing(), notify_id: `2026${randomBytes(12).toString("hex")}`, app_id: opts.appId, charset: "utf-8", version: "1.0", ...fields };
      const sign = rsa2Sign(signContent(params, ["sign", "sign_type"]), o.signWith ?? alipayKeys.privateKey);
      return new URLSearchParams({ ...params, sign_type: "RSA2", sign }).toString();
    },
    sign(externalAgreementNo: string) {
      const page = state.signPages.get(externalAgreementNo);
      if (!page) throw new Error(`the donor never opened a sign page for ${externalAgreementNo}`);
      const agreement: FakeAgreement = {
        agreementNo: nextNo("2026"),
        externalAgreementNo,
        signScene: page.biz.sign_scene,
        personalProductCode: page.biz.personal_product_code,
        singleAmount: page.biz.period_rule_params.single_amount,
        executeTime: page.biz.period_rule_params.execute_time,
        notifyUrl: page.params.notify_url,
        status: "NORMAL",
        signTime: beijing(),
      };
      state.agreements.set(agreement.agreementNo, agreement);
      const notification = fake.notification({
        notify_type: "dut_user_sign",
        agreement_no: agreement.agreementNo,
        external_agreement_no: externalAgreementNo,
        status: "NORMAL",
        personal_product_code: agreement.personalProductCode,
        sign_scene: agreement.signScene,
        sign_time: agreement.signTime,
        valid_time: agreement.signTime,
        invalid_time: "2115-02-01 00:00:00",
        alipay_user_id: "2088102177846880",
        alipay_logon_id: "don***@example.cn",
      });
      return { agreement, notification };
    },
    unsignByDonor(agreementNo: string) {
      const a = byNo(agreementNo);
      if (!a) throw new Error(`no agreement ${agreementNo}`);
      a.status = "UNSIGN";
      a.unsignTime = beijing();
      return fake.notification({ notify_type: "dut_user_unsign", agreement_no: a.agreementNo, external_agreement_no: a.externalAgreementNo, status: "UNSIGN", personal_product_code: a.personalProductCode, sign_scene: a.signScene, unsign_time: a.unsignTime, alipay_user_id: "2088102177846880" });
    },
    settle(outTradeNo: string, outcome: "TRADE_SUCCESS" | "TRADE_CLOSED") {
      const t = state.trades.get(outTradeNo);
      if (!t) throw new Error(`no trade ${outTradeNo}`);
      t.status = outcome;
      if (outcome === "TRADE_SUCCESS") t.gmtPayment = beijing();
      return fake.notification({
        notify_type: "trade_status_sync",
        trade_no: t.tradeNo,
        out_trade_no: t.outTradeNo,
        trade_status: outcome,
        total_amount: t.totalAmount,
        ...(outcome === "TRADE_SUCCESS" ? { receipt_amount: t.totalAmount, buyer_pay_amount: t.totalAmount, gmt_payment: t.gmtPayment! } : { gmt_close: beijing() }),
        subject: t.subject,
        ...(t.body ? { body: t.body } : {}),
        seller_id: sellerId,
        buyer_id: "2088102177846880",
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return fake;
}
