/**
 * The recurring-payment port (月捐, monthly giving). A monthly gift is collected in one of two ways:
 *
 * - provider-scheduled: the provider charges every month on its own (Stripe subscriptions) and tells
 *   us each outcome by a signed event;
 * - platform-scheduled: the donor signs a deduction agreement once (WeChat Pay 委托代扣 contract,
 *   Alipay 周期扣款 agreement); every month our job asks the provider to deduct (`charge`), and the
 *   outcome comes back in the answer and/or a signed notification.
 *
 * Gifts with neither are collected by a monthly reminder with a pay link (an ordinary one-time
 * checkout through the PaymentProvider port) and need no adapter here.
 *
 * Money is integer fen; our gift id travels in the provider's metadata / contract code / external
 * agreement number so events map back; the period (YYYY-MM) travels with each charge so a charge
 * recorded twice is the same charge (MonthlyGiftCharge is unique per gift and period).
 */
import type { ProviderName } from "./provider";

export type RecurringSchedule = "provider" | "platform";

export type RecurringSignRequest = {
  giftId: string;
  amountFen: bigint;
  /** What the donor sees at the provider (≤ 40 characters for WeChat Pay / Alipay). */
  description: string;
  /** 1–28: the day the provider-scheduled charge falls on (platform-scheduled: informative). */
  dayOfMonth: number;
  payerEmail?: string | null;
  /** Where the provider sends the donor after signing, and after giving up. */
  returnUrl: string;
  cancelUrl: string;
  /** Payer's device, for providers with separate mobile and desktop signing pages. */
  device?: "desktop" | "mobile" | "wechat";
};

/** Where to send the donor to sign (or to pay the first month and subscribe, for Stripe). */
export type RecurringSignSession = { sessionId: string; redirectUrl: string };

export type RecurringChargeRequest = {
  giftId: string;
  agreementId: string;
  /** YYYY-MM */
  period: string;
  amountFen: bigint;
  description: string;
  /** Stable per (gift, period, attempt): the provider's out_trade_no. */
  idempotencyKey: string;
};

export type RecurringChargeResult = {
  /** pending: accepted, the outcome comes later by notification or query. */
  status: "pending" | "succeeded" | "failed";
  providerChargeId: string;
  /** The provider's reason for a failure, in its own words (never contains a secret). */
  failureReason?: string;
};

export type RecurringEventKind =
  /** The donor signed; `agreementId` is the provider's subscription / contract / agreement id. */
  | "agreement_signed"
  /** The agreement ended at the provider (donor cancelled there, card expired for good…). */
  | "agreement_terminated"
  | "charge_succeeded"
  | "charge_failed"
  | "ignored";

export type RecurringEvent = {
  provider: ProviderName;
  eventId: string;
  type: string;
  kind: RecurringEventKind;
  occurredAt: Date;
  giftId?: string;
  agreementId?: string;
  /** YYYY-MM, when the provider carries it back (else derived from occurredAt by the service). */
  period?: string;
  providerChargeId?: string;
  amountFen?: bigint;
  feeFen?: bigint;
  failureReason?: string;
  /** Provider-scheduled: when the provider will try again, if it says. */
  nextRetryAt?: Date;
};

export interface RecurringProvider {
  readonly name: ProviderName;
  readonly schedule: RecurringSchedule;
  startAgreement(req: RecurringSignRequest): Promise<RecurringSignSession>;
  /** Platform-scheduled only: deduct one month under a signed agreement. */
  charge?(req: RecurringChargeRequest): Promise<RecurringChargeResult>;
  /** Provider-scheduled only: change the monthly amount from the next charge on. */
  changeAmount?(agreementId: string, amountFen: bigint): Promise<void>;
  /** Provider-scheduled only: stop / restart charging without ending the agreement. */
  pause?(agreementId: string): Promise<void>;
  resume?(agreementId: string): Promise<void>;
  /** Ends the agreement at the provider; an already-ended one is not an error. */
  cancel(agreementId: string): Promise<void>;
  /** A one-step page where the donor replaces the payment method (Stripe: billing portal / setup). */
  paymentMethodUpdateUrl(agreementId: string, returnUrl: string): Promise<string>;
  /** Verifies and translates a recurring notification; throws WebhookVerificationError. */
  parseRecurringWebhook(rawBody: string, headers: Headers): RecurringEvent;
}
