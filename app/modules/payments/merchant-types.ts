/** What pages may see of a merchant account: public identifiers and the last characters of the secret. */
export type MerchantAccountView = {
  id: string;
  provider: "WECHAT_PAY" | "ALIPAY";
  label: string | null;
  enabled: boolean;
  /** Last four characters of the stored secret (the API v3 key, or the app private key). */
  secretHint: string;
  updatedAt: string;
  /** Identifiers shown in full and prefilled in the replace form. */
  appId: string;
  mchId: string | null;
  merchantSerialNo: string | null;
  sellerId: string | null;
  verificationMode: "publicKey" | "platformCertificate" | null;
  publicKeyId: string | null;
  /** Platform certificates: serial and expiry. */
  certificates: { serial: string; validTo: string }[];
  /** Recurring deduction: WeChat Pay's template id and the API v2 key's last four characters; Alipay's sign scene. */
  planId: string | null;
  apiV2KeyHint: string | null;
  signScene: string | null;
  /** Where to register the recurring (sign / deduction) notifications at the provider. */
  recurringNotifyUrl: string | null;
};

export const MERCHANT_PROVIDERS = ["WECHAT_PAY", "ALIPAY"] as const;
export type MerchantProvider = (typeof MERCHANT_PROVIDERS)[number];
