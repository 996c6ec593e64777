/**
 * WeChat Pay 委托代扣 (papay) behind the recurring port, platform-scheduled: the donor signs a
 * deduction contract once, then every month we ask WeChat Pay to deduct.
 *
 * Protocol choice. For a direct merchant (普通商户) the deduction product is WeChat Pay API v2:
 * WeChat Pay's own integration guide (wechatpay-apiv3/wechatpay-skills, wechatpay-deduction-service:
 * "委托代扣接口全部走 V2，仅「预扣费通知」回调走 V3") — signing, deduction, termination, queries and
 * their notifications are XML signed with the API v2 key (MD5 / HMAC-SHA256). API v3 papay
 * endpoints exist only for other set-ups (APP/QR pre-sign since 2024-12, HarmonyOS, service
 * providers' 预约扣费, the Hong Kong global API), none of which serves a web donor. So this adapter
 * needs, besides the v3 credentials of the one-time adapter, the merchant's API v2 key and the
 * deduction template id (plan_id) the merchant obtains when WeChat Pay grants 委托代扣.
 *
 * Every call goes through the SDK (wechatpay-axios-plugin): its v2 client signs each XML request
 * (Transformer.signer: ksort + queryStringLike + `&key=` + MD5/HMAC-SHA256) and verifies each signed
 * answer; the sign page URL and the notifications use the SDK's Hash.sign / Transformer as well.
 * Documented APIs followed (pay.weixin.qq.com/wiki/doc/api/wxpay_v2/papay/…):
 * - 公众号纯签约 GET /papay/entrustweb (chapter3_1; MD5): the page the donor opens in WeChat — inside
 *   WeChat directly, elsewhere as a QR code to scan (H5 纯签约 needs a separate grant from WeChat Pay);
 * - 签约、解约结果通知 (chapter3_6): XML posted to notify_url (signing) and to the termination
 *   callback address configured with the template (termination);
 * - 申请扣款 POST /pay/pappayapply (chapter3_8; trade_type PAP): accepted, the outcome comes by
 *   扣款结果通知 (chapter3_10) to notify_url;
 * - 申请解约 POST /papay/deletecontract (chapter3_9), 查询签约关系 POST /papay/querycontract
 *   (chapter3_2) — both without nonce_str, as documented.
 *
 * Our gift id travels in contract_code (`<giftId>R<suffix>`, a fresh suffix per signing so a
 * donor can sign again); the charge's gift id and period travel in `attach`. Secrets never appear in
 * thrown messages.
 */
import { Formatter, Hash, Transformer, Wechatpay } from "wechatpay-axios-plugin";
import { parseAlipayTime as parseBeijingTime } from "../alipay/format.server";
import { ProviderError, WebhookVerificationError } from "../provider";
import type { RecurringChargeRequest, RecurringChargeResult, RecurringEvent, RecurringProvider, RecurringSignRequest, RecurringSignSession } from "../recurring";
import { buildKeyring } from "./notification.server";
import { agreementCode, decodeChargeMeta, encodeChargeMeta, giftIdFromAgreementCode } from "../recurring-codes.server";
import { isWechatOrderNo } from "./translate.server";
import type { WechatPayConfig } from "./wechatpay.server";

export type WechatRecurringConfig = Omit<WechatPayConfig, "refundNotifyUrl" | "checkoutPageUrl"> & {
  /** The API v2 key (APIv2密钥, 32 characters): papay is an API v2 product. */
  apiV2Key: string;
  /** The deduction template id (委托代扣模板ID, plan_id), digits. */
  planId: string;
  /**
   * Our page that shows a sign URL as a QR code, for donors outside WeChat (the entrustweb page
   * opens only inside WeChat). Without it the sign URL itself is the redirect.
   */
  signPageUrl?: (signUrl: string, sessionId: string) => string;
  /** spbill_create_ip of a deduction: the server's address (required by pappayapply). */
  serverIp?: string;
};

/** What WeChat Pay expects back from a v2 notification once it is handled (or is a duplicate). */
export const WECHAT_PAPAY_ACK: string = Transformer.toXml({ return_code: "SUCCESS", return_msg: "OK" });

export type WechatRecurringSession = RecurringSignSession & {
  /** The entrustweb URL; open inside WeChat, or show as a QR code. */
  signUrl: string;
  /** True when the donor is not inside WeChat: the URL must be scanned with WeChat. */
  showAsQrCode: boolean;
};

export interface WechatRecurringProvider extends RecurringProvider {
  startAgreement(req: RecurringSignRequest): Promise<WechatRecurringSession>;
  charge(req: RecurringChargeRequest): Promise<RecurringChargeResult>;
}

const DEFAULT_BASE_URL = "https://api.mch.weixin.qq.com/";
/** Display text for WeChat Pay: no characters outside the BMP (emoji are refused), cut to `max`. */
function displayText(text: string, max: number): string {
  const clean = Array.from(text.replace(/[\u0000-\u001f]/g, " "))
    .filter((c) => c.codePointAt(0)! <= 0xffff)
    .join("")
    .trim();
  return Array.from(clean || "Monthly gift").slice(0, max).join("");
}

type V2Error = { code?: string; message?: string; isAxiosError?: boolean; response?: { status?: number; data?: Record<string, unknown> } };
type V2Answer = Record<string, string | undefined>;

export function createWechatRecurringProvider(config: WechatRecurringConfig): WechatRecurringProvider {
  if (Buffer.byteLength(config.apiV2Key ?? "") !== 32) throw new ProviderError("WeChat Pay API v2 key must be 32 bytes", true);
  if (!/^\d{1,20}$/.test(config.planId ?? "")) throw new ProviderError("WeChat Pay deduction plan id must be digits", true);
  if (!config.notifyUrl) throw new ProviderError("WeChat Pay notify URL is missing", true);
  const baseURL = config.baseURL ?? DEFAULT_BASE_URL;
  const v2Key = Hash.keyObjectFrom(Buffer.from(config.apiV2Key));
  const ring = buildKeyring(config.verification);
  let wxpay: Wechatpay;
  try {
    // A fresh object: the SDK replaces the keys in the config it is given by KeyObjects.
    wxpay = new Wechatpay({
      mchid: config.mchId,
      serial: config.merchantSerialNo,
      privateKey: config.merchantPrivateKey,
      certs: Object.fromEntries(ring),
      secret: config.apiV2Key,
      baseURL,
      timeout: config.timeoutMs ?? 10_000,
    });
  } catch {
    throw new ProviderError("WeChat Pay merchant credentials could not be read", true);
  }

  const secretFragments = [config.apiV2Key, config.apiV3Key, ...pemBodyLines(config.merchantPrivateKey)].filter((s) => s && s.length >= 16);
  const redact = (text: string) => secretFragments.reduce((t, s) => t.split(s).join("[redacted]"), text).slice(0, 300);

  /** The SDK's v2 failure: a business answer (return_code / result_code FAIL) or no usable answer. */
  function answerOf(e: unknown): V2Answer | null {
    const err = (e ?? {}) as V2Error;
    if (err.code === "EV2_RES_STATUS_CODE_NOT_SUCESS" && err.response?.data && typeof err.response.data === "object") return err.response.data as V2Answer;
    return null;
  }

  function providerError(what: string, e: unknown): ProviderError {
    if (e instanceof ProviderError) return e;
    const err = (e ?? {}) as V2Error;
    const answer = answerOf(e);
    if (answer) {
      // return_code FAIL: the request itself was refused (signature, parameters): nothing happened.
      const detail = answer.return_code !== "SUCCESS" ? answer.return_msg : [answer.err_code, answer.err_code_des].filter(Boolean).join(": ");
      const definite = answer.err_code !== "SYSTEMERROR";
      return new ProviderError(redact(`WeChat Pay ${what} ${definite ? "refused" : "failed"}: ${detail ?? "FAIL"}`), definite);
    }
    if (err.code === "EV2_RES_SIGNATURE_NOT_EQUAL") return new ProviderError(`WeChat Pay ${what}: the answer's signature did not verify`, false);
    const status = err.response?.status;
    if (typeof status === "number") return new ProviderError(`WeChat Pay ${what} failed: HTTP ${status}`, false);
    return new ProviderError(redact(`WeChat Pay ${what} failed: ${err.isAxiosError ? (err.code ?? "network error") : ((e as Error)?.name ?? "Error")}`), false);
  }

  async function v2<T extends V2Answer>(path: string, body: Record<string, string>, nonceless = false): Promise<T> {
    const res: { data: unknown } = await wxpay.chain(`v2/${path}`).post(body, nonceless ? { nonceless: true } : {});
    return res.data as T;
  }

  /** 公众号纯签约 (entrustweb): a GET URL signed MD5 over the raw values, sent URL-encoded. */
  function signUrlFor(giftId: string, description: string) {
    const contractCode = agreementCode(giftId);
    const requestSerial = (BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000))).toString();
    const params: Record<string, string> = {
      appid: config.appId,
      mch_id: config.mchId,
      plan_id: config.planId,
      contract_code: contractCode,
      request_serial: requestSerial,
      contract_display_account: displayText(description, 32),
      notify_url: config.notifyUrl,
      version: "1.0",
      timestamp: String(Formatter.timestamp()),
      return_web: "1",
    };
    const sign = Hash.sign(Hash.ALGO_MD5, Formatter.ksort(params), v2Key);
    const url = new URL("papay/entrustweb", baseURL);
    for (const [k, v] of Object.entries({ ...params, sign })) url.searchParams.set(k, v);
    return { contractCode, signUrl: url.toString() };
  }

  async function queryContract(contractId: string): Promise<V2Answer | null> {
    try {
      return await v2<V2Answer>("papay/querycontract", { appid: config.appId, mch_id: config.mchId, contract_id: contractId, version: "1.0" }, true);
    } catch (e) {
      const answer = answerOf(e);
      if (answer?.result_code === "FAIL" && answer.err_code === "CONTRACT_NOT_EXIST") return null;
      throw providerError("contract query", e);
    }
  }

  function verifyNotification(rawBody: string): V2Answer {
    let data: unknown;
    try {
      data = Transformer.toObject(rawBody);
    } catch {
      throw new WebhookVerificationError("notification is not XML");
    }
    if (!data || typeof data !== "object") throw new WebhookVerificationError("notification is not XML");
    const fields = data as Record<string, unknown>;
    if (Object.values(fields).some((v) => typeof v !== "string")) throw new WebhookVerificationError("notification has nested or repeated fields");
    const n = fields as V2Answer;
    if (!n.sign) throw new WebhookVerificationError("notification without sign");
    // The v2 notifications are signed with the API v2 key, HMAC-SHA256 (64 hex) or MD5 (32 hex).
    const type = n.sign_type === Hash.ALGO_HMAC_SHA256 || n.sign.length === 64 ? Hash.ALGO_HMAC_SHA256 : Hash.ALGO_MD5;
    let expected: string;
    try {
      expected = Hash.sign(type, Formatter.ksort(n), v2Key);
    } catch {
      throw new WebhookVerificationError("notification signature could not be computed");
    }
    if (!Hash.equals(expected, n.sign)) throw new WebhookVerificationError("notification signature does not match");
    if (n.return_code !== "SUCCESS") throw new WebhookVerificationError("notification is not a success message");
    if (n.mch_id !== config.mchId) throw new WebhookVerificationError("notification for another merchant");
    if (n.appid && n.appid !== config.appId) throw new WebhookVerificationError("notification for another appid");
    return n;
  }

  const provider: WechatRecurringProvider = {
    name: "WECHAT_PAY",
    schedule: "platform",

    async startAgreement(req: RecurringSignRequest): Promise<WechatRecurringSession> {
      if (req.amountFen <= 0n) throw new ProviderError("WeChat Pay monthly amount must be positive", true);
      const { contractCode, signUrl } = signUrlFor(req.giftId, req.description);
      const showAsQrCode = req.device !== "wechat";
      const redirectUrl = showAsQrCode && config.signPageUrl ? config.signPageUrl(signUrl, contractCode) : signUrl;
      return { sessionId: contractCode, redirectUrl, signUrl, showAsQrCode };
    },

    async charge(req: RecurringChargeRequest): Promise<RecurringChargeResult> {
      if (!isWechatOrderNo(req.idempotencyKey)) throw new ProviderError("WeChat Pay out_trade_no must be 6-32 letters, digits or _-|*@", true);
      if (req.amountFen <= 0n || req.amountFen > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProviderError("WeChat Pay deduction amount must be positive fen", true);
      const body = {
        appid: config.appId,
        mch_id: config.mchId,
        body: displayText(req.description, 127),
        attach: encodeChargeMeta(req.giftId, req.period),
        out_trade_no: req.idempotencyKey,
        total_fee: req.amountFen.toString(),
        fee_type: "CNY",
        spbill_create_ip: config.serverIp ?? "127.0.0.1",
        notify_url: config.notifyUrl,
        trade_type: "PAP",
        contract_id: req.agreementId,
      };
      try {
        await v2("pay/pappayapply", body);
        // Accepted: WeChat Pay deducts asynchronously and tells the outcome by 扣款结果通知.
        return { status: "pending", providerChargeId: req.idempotencyKey };
      } catch (e) {
        const answer = answerOf(e);
        if (answer?.return_code === "SUCCESS" && answer.result_code === "FAIL") {
          // Unknown outcome: ask again with the same out_trade_no (WeChat Pay deducts it at most once).
          if (answer.err_code === "SYSTEMERROR") throw providerError("deduction", e);
          // The same out_trade_no was already accepted or paid: its notification tells the outcome.
          if (answer.err_code === "ORDERPAID" || answer.err_code === "ORDERACCEPTED" || answer.err_code === "OUT_TRADE_NO_USED") return { status: "pending", providerChargeId: req.idempotencyKey };
          return { status: "failed", providerChargeId: req.idempotencyKey, failureReason: redact([answer.err_code, answer.err_code_des].filter(Boolean).join(": ") || "FAIL") };
        }
        throw providerError("deduction", e);
      }
    },

    async cancel(agreementId: string): Promise<void> {
      try {
        await v2("papay/deletecontract", { appid: config.appId, mch_id: config.mchId, contract_id: agreementId, contract_termination_remark: "donor cancelled the monthly gift", version: "1.0" }, true);
        return;
      } catch (e) {
        if (!answerOf(e)) throw providerError("contract termination", e);
        // Refused: fine when the contract has already ended (terminated by the donor, expired, unknown).
        const contract = await queryContract(agreementId);
        if (!contract || contract.contract_state === "1") return;
        throw providerError("contract termination", e);
      }
    },

    async paymentMethodUpdateUrl(agreementId: string): Promise<string> {
      // WeChat Pay has no page to change a contract's payment method (the donor orders them in the
      // WeChat wallet); the one step we can offer is signing a new contract for the same gift.
      const contract = await queryContract(agreementId);
      const giftId = giftIdFromAgreementCode(contract?.contract_code);
      if (!giftId) throw new ProviderError("WeChat Pay has no such contract of ours to sign again", true);
      const { contractCode, signUrl } = signUrlFor(giftId, contract?.contract_display_account ?? "Monthly gift");
      return config.signPageUrl ? config.signPageUrl(signUrl, contractCode) : signUrl;
    },

    parseRecurringWebhook(rawBody: string, _headers: Headers): RecurringEvent {
      const n = verifyNotification(rawBody);
      const now = new Date();
      const base = { provider: "WECHAT_PAY" as const };
      if (n.change_type) {
        if (n.plan_id !== config.planId) throw new WebhookVerificationError("notification for another deduction plan");
        if (!n.contract_id) throw new WebhookVerificationError("contract notification without contract_id");
        const occurredAt = parseBeijingTime(n.operate_time) ?? now;
        const common = { ...base, eventId: `papay:contract:${n.contract_id}:${n.change_type}`, type: `papay.contract.${n.change_type}`, occurredAt, agreementId: n.contract_id, giftId: giftIdFromAgreementCode(n.contract_code) };
        if (n.result_code !== "SUCCESS") return { ...common, kind: "ignored" };
        if (n.change_type === "ADD") return { ...common, kind: "agreement_signed" };
        if (n.change_type === "DELETE") return { ...common, kind: "agreement_terminated", failureReason: n.contract_termination_mode ? `contract_termination_mode ${n.contract_termination_mode}` : undefined };
        return { ...common, kind: "ignored" };
      }
      if (!n.out_trade_no) throw new WebhookVerificationError("notification is neither a contract change nor a deduction");
      const meta = decodeChargeMeta(n.attach);
      const state = n.trade_state ?? (n.result_code === "SUCCESS" ? "SUCCESS" : "PAY_FAIL");
      const occurredAt = parseWechatTime(n.time_end) ?? now;
      const fen = n.total_fee && /^\d{1,15}$/.test(n.total_fee) ? BigInt(n.total_fee) : undefined;
      const common = {
        ...base,
        eventId: `papay:pay:${n.out_trade_no}:${state}`,
        type: `papay.pay.${state}`,
        occurredAt,
        giftId: meta.giftId,
        period: meta.period,
        agreementId: n.contract_id || undefined,
        providerChargeId: n.transaction_id || n.out_trade_no,
        amountFen: fen,
      };
      if (n.result_code === "SUCCESS" && (state === "SUCCESS" || state === "REFUND")) return { ...common, kind: "charge_succeeded" };
      if (state === "PAY_FAIL" || state === "PAYERROR" || state === "CLOSED" || n.result_code === "FAIL") {
        const reason = [n.err_code, n.err_code_des ?? n.trade_state_desc].filter(Boolean).join(": ") || state;
        return { ...common, kind: "charge_failed", failureReason: redact(reason) };
      }
      // ACCEPT / USERPAYING / NOTPAY: nothing settled yet.
      return { ...common, kind: "ignored" };
    },
  };
  return provider;
}

/** WeChat Pay v2 time_end "yyyyMMddHHmmss" in Beijing time. */
function parseWechatTime(text: string | undefined): Date | undefined {
  const m = text ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text) : null;
  return m ? parseBeijingTime(`${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`) : undefined;
}

function pemBodyLines(pem: string): string[] {
  return (pem ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("-----"));
}
