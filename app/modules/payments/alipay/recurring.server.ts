/**
 * Alipay 周期扣款 (商家扣款, cycle deduction) behind the recurring port, platform-scheduled, through
 * the official alipay-sdk on the OpenAPI v2 gateway (the same client and RSA2 keys as the one-time
 * adapter, alipay.server.ts). Documented APIs followed (opendocs.alipay.com, 商家扣款 / 周期扣款):
 * - alipay.user.agreement.page.sign (先签约后扣款, the signed GET URL `pageExecute` builds):
 *   product_code CYCLE_PAY_AUTH, personal_product_code CYCLE_PAY_AUTH_P, the merchant's sign_scene,
 *   external_agreement_no = our gift id + a fresh suffix, access_params.channel QRCODE on a desktop
 *   (the donor scans) or ALIPAYAPP on a phone, period_rule_params MONTH / 1 / execute_time /
 *   single_amount (the monthly amount, the most a deduction may take);
 * - the sign / unsign notifications (notify_type dut_user_sign / dut_user_unsign) and the deduction's
 *   trade_status_sync, form-encoded, verified with checkNotifySignV2 (notify.server.ts);
 * - alipay.trade.pay with product_code CYCLE_PAY_AUTH and agreement_params.agreement_no: the
 *   deduction; answered synchronously (10000 paid, 10003 in progress, 40004 refused with the reason);
 *   our gift id and the period travel in `body`, which the notification returns untouched;
 * - alipay.user.agreement.unsign and alipay.user.agreement.query (cancel, and the re-sign page).
 *
 * Amounts are yuan strings at the edge (fenToYuanString / yuanStringToFen), integer fen inside.
 */
import type { AlipaySdkCommonResult } from "alipay-sdk";
import { ProviderError, WebhookVerificationError } from "../provider";
import type { RecurringChargeRequest, RecurringChargeResult, RecurringEvent, RecurringProvider, RecurringSignRequest, RecurringSignSession } from "../recurring";
import { agreementCode, decodeChargeMeta, encodeChargeMeta, giftIdFromAgreementCode } from "../recurring-codes.server";
import { alipaySdkFor, type AlipayConfig } from "./alipay.server";
import { AlipayRefusal, noAnswer, refusal, scrub } from "./errors.server";
import { fenToYuanString, parseAlipayTime, tryYuanStringToFen } from "./format.server";
import { verifyAlipayNotification } from "./notify.server";

export type AlipayRecurringConfig = Omit<AlipayConfig, "checkoutTtlMinutes"> & {
  /** 协议签约场景 agreed with Alipay for the merchant's 周期扣款 product (e.g. "INDUSTRY|…"); required with external_agreement_no. */
  signScene: string;
};

export interface AlipayRecurringProvider extends RecurringProvider {
  charge(req: RecurringChargeRequest): Promise<RecurringChargeResult>;
}

export const CYCLE_PAY_PRODUCT = "CYCLE_PAY_AUTH";
export const CYCLE_PAY_PERSONAL_PRODUCT = "CYCLE_PAY_AUTH_P";

const OUT_NO = /^[A-Za-z0-9_]{1,64}$/;
const MAX_FEN = 10_000_000_000n;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The next date (Beijing) falling on `day` (1–28), today included, as yyyy-MM-dd: period_rule_params.execute_time. */
export function nextExecuteDate(day: number, now = new Date()): string {
  const d = Math.min(28, Math.max(1, Math.trunc(day) || 1));
  const t = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  let y = t.getUTCFullYear();
  let m = t.getUTCMonth();
  if (t.getUTCDate() > d) m += 1;
  if (m > 11) {
    m = 0;
    y += 1;
  }
  return `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function subjectOf(description: string) {
  const s = description.replace(/[/=&\u0000-\u001f]/g, " ").replace(/\s+/g, " ").trim();
  return (s || "Monthly gift").slice(0, 256);
}

export function createAlipayRecurringProvider(config: AlipayRecurringConfig): AlipayRecurringProvider {
  if (!config.appId || !/^\d+$/.test(config.appId)) throw new ProviderError("Alipay appId is missing or malformed", true);
  if (!config.notifyUrl) throw new ProviderError("Alipay notifyUrl is missing", true);
  if (!config.signScene || config.signScene === "DEFAULT|DEFAULT" || !/^[A-Z_]+\|[A-Z_]+$/.test(config.signScene)) throw new ProviderError("Alipay sign_scene is missing or malformed", true);
  const { sdk, secrets } = alipaySdkFor(config);

  async function call(what: string, method: string, bizContent: Record<string, unknown>, extra: Record<string, string> = {}): Promise<AlipaySdkCommonResult> {
    let res: AlipaySdkCommonResult;
    try {
      res = await sdk.exec(method, { bizContent, ...extra }, { validateSign: true });
    } catch (e) {
      throw noAnswer(what, e, secrets);
    }
    if (res.code !== "10000") throw refusal(what, res, secrets);
    return res;
  }

  /** The agreement page: a signed GET URL (pageExecute signs locally; nothing reaches Alipay yet). */
  function signUrl(giftId: string, amountFen: bigint, dayOfMonth: number, device: RecurringSignRequest["device"], returnUrl: string | undefined) {
    if (amountFen < 1n || amountFen > MAX_FEN) throw new ProviderError("Alipay monthly amount out of range", true);
    const externalAgreementNo = agreementCode(giftId);
    const bizContent = {
      personal_product_code: CYCLE_PAY_PERSONAL_PRODUCT,
      product_code: CYCLE_PAY_PRODUCT,
      sign_scene: config.signScene,
      external_agreement_no: externalAgreementNo,
      access_params: { channel: device === "desktop" ? "QRCODE" : "ALIPAYAPP" },
      period_rule_params: { period_type: "MONTH", period: 1, execute_time: nextExecuteDate(dayOfMonth), single_amount: fenToYuanString(amountFen) },
    };
    const params: Record<string, unknown> = { bizContent, notifyUrl: config.notifyUrl };
    const back = returnUrl || config.returnUrl;
    if (back) params.returnUrl = back;
    try {
      return { externalAgreementNo, url: sdk.pageExecute("alipay.user.agreement.page.sign", "GET", params) };
    } catch (e) {
      throw new ProviderError(scrub(`Alipay agreement page could not be signed (${(e as Error).name})`, secrets), true);
    }
  }

  const agreementGone = (e: unknown) => e instanceof AlipayRefusal && e.definite && /NOT_EXIST|UNSIGN|INVALID_AGREEMENT|AGREEMENT_HAS_BEEN_UNSIGNED/i.test(e.subCode ?? "");

  return {
    name: "ALIPAY",
    schedule: "platform",

    async startAgreement(req: RecurringSignRequest): Promise<RecurringSignSession> {
      const { externalAgreementNo, url } = signUrl(req.giftId, req.amountFen, req.dayOfMonth, req.device, req.returnUrl);
      return { sessionId: externalAgreementNo, redirectUrl: url };
    },

    async charge(req: RecurringChargeRequest): Promise<RecurringChargeResult> {
      if (!OUT_NO.test(req.idempotencyKey)) throw new ProviderError("Alipay deduction: out_trade_no must be 1-64 letters, digits or _", true);
      if (req.amountFen < 1n || req.amountFen > MAX_FEN) throw new ProviderError("Alipay deduction: amount out of range", true);
      const bizContent = {
        out_trade_no: req.idempotencyKey,
        total_amount: fenToYuanString(req.amountFen),
        subject: subjectOf(req.description),
        body: encodeChargeMeta(req.giftId, req.period),
        product_code: CYCLE_PAY_PRODUCT,
        agreement_params: { agreement_no: req.agreementId },
      };
      let res: AlipaySdkCommonResult;
      try {
        res = await sdk.exec("alipay.trade.pay", { bizContent, notifyUrl: config.notifyUrl }, { validateSign: true });
      } catch (e) {
        // No answer: unknown; the same out_trade_no is asked again (Alipay never pays it twice).
        throw noAnswer("deduction", e, secrets);
      }
      const tradeNo = typeof res.trade_no === "string" && res.trade_no ? res.trade_no : req.idempotencyKey;
      if (res.code === "10000") {
        if (res.trade_status === undefined || res.trade_status === "TRADE_SUCCESS" || res.trade_status === "TRADE_FINISHED") {
          const paid = tryYuanStringToFen(res.total_amount as string | undefined);
          if (paid !== undefined && paid !== req.amountFen) throw new ProviderError("Alipay deduction answered another amount", false);
          return { status: "succeeded", providerChargeId: tradeNo };
        }
        return { status: "pending", providerChargeId: tradeNo };
      }
      // 10003: accepted, waiting (the payer's bank, a risk check); the notification settles it.
      if (res.code === "10003") return { status: "pending", providerChargeId: tradeNo };
      const err = refusal("deduction", res, secrets);
      // Only a business refusal (40004) is the donor's failed month; a caller error (40001/40002/
      // 40006: signature, parameters, permission) is ours, and an unknown outcome is retried.
      if (!err.definite || res.code !== "40004") throw err;
      const reason = scrub([res.sub_code, res.sub_msg ?? res.msg].filter((s) => typeof s === "string" && s).join(": ") || String(res.code), secrets);
      return { status: "failed", providerChargeId: tradeNo, failureReason: reason };
    },

    async cancel(agreementId: string): Promise<void> {
      try {
        await call("agreement termination", "alipay.user.agreement.unsign", { agreement_no: agreementId, personal_product_code: CYCLE_PAY_PERSONAL_PRODUCT, sign_scene: config.signScene });
        return;
      } catch (e) {
        if (!(e instanceof AlipayRefusal) || !e.definite) throw e;
        if (agreementGone(e)) return;
        // Refused for another reason: fine when Alipay says the agreement is no longer in force.
        try {
          const q = await call("agreement query", "alipay.user.agreement.query", { agreement_no: agreementId });
          if (q.status !== "NORMAL" && q.status !== "TEMP") return;
        } catch (qe) {
          if (agreementGone(qe)) return;
        }
        throw e;
      }
    },

    async paymentMethodUpdateUrl(agreementId: string, returnUrl: string): Promise<string> {
      // Alipay has no page to change an agreement's funding source (the donor orders them in the
      // Alipay app); the one step we offer is signing a new agreement for the same gift and amount.
      const q = await call("agreement query", "alipay.user.agreement.query", { agreement_no: agreementId, personal_product_code: CYCLE_PAY_PERSONAL_PRODUCT });
      const giftId = giftIdFromAgreementCode(typeof q.external_agreement_no === "string" ? q.external_agreement_no : undefined);
      const amountFen = tryYuanStringToFen(typeof q.single_quota === "string" ? q.single_quota : undefined);
      if (!giftId || !amountFen) throw new ProviderError("Alipay has no agreement of ours with a monthly amount to sign again", true);
      const next = typeof q.next_deduct_time === "string" ? Number(q.next_deduct_time.slice(8, 10)) : 1;
      return signUrl(giftId, amountFen, next || 1, "mobile", returnUrl).url;
    },

    parseRecurringWebhook(rawBody: string, headers: Headers): RecurringEvent {
      const p = verifyAlipayNotification(sdk, config.appId, rawBody, headers);
      const type = p.notify_type ?? "";
      const at = (field: string | undefined) => parseAlipayTime(field) ?? parseAlipayTime(p.notify_time) ?? new Date();
      const base = { provider: "ALIPAY" as const, eventId: p.notify_id! };
      if (type === "dut_user_sign" || type === "dut_user_unsign") {
        if (p.personal_product_code && p.personal_product_code !== CYCLE_PAY_PERSONAL_PRODUCT) return { ...base, type, kind: "ignored", occurredAt: at(undefined) };
        const common = { ...base, type: `${type}.${p.status ?? ""}`, agreementId: p.agreement_no || undefined, giftId: giftIdFromAgreementCode(p.external_agreement_no) };
        if (!common.agreementId) throw new WebhookVerificationError("agreement notification without agreement_no");
        if (type === "dut_user_sign" && p.status === "NORMAL") return { ...common, kind: "agreement_signed", occurredAt: at(p.sign_time) };
        if (type === "dut_user_unsign" || p.status === "UNSIGN") return { ...common, kind: "agreement_terminated", occurredAt: at(p.unsign_time), failureReason: "agreement ended at Alipay" };
        return { ...common, kind: "ignored", occurredAt: at(undefined) };
      }
      if (config.sellerId && p.seller_id && p.seller_id !== config.sellerId) throw new WebhookVerificationError("notification for another seller_id");
      const meta = decodeChargeMeta(p.body);
      const status = p.trade_status ?? "";
      const common = { ...base, type: `${type || "notify"}.${status || "unknown"}`, giftId: meta.giftId, period: meta.period, providerChargeId: p.trade_no || p.out_trade_no || undefined, amountFen: tryYuanStringToFen(p.total_amount) };
      // A refund of a monthly charge shows up as a trade notification with refund fields: not a charge event.
      if (p.out_biz_no || p.gmt_refund || p.refund_fee) return { ...common, kind: "ignored", occurredAt: at(p.gmt_refund) };
      if (status === "TRADE_SUCCESS" || status === "TRADE_FINISHED") return { ...common, kind: "charge_succeeded", occurredAt: at(p.gmt_payment) };
      if (status === "TRADE_CLOSED") return { ...common, kind: "charge_failed", occurredAt: at(p.gmt_close), failureReason: "TRADE_CLOSED: the deduction was closed unpaid" };
      return { ...common, kind: "ignored", occurredAt: at(undefined) };
    },
  };
}
