/**
 * The merchant-credential forms (WeChat Pay, Alipay): shapes checked with Zod, keys parsed with
 * node:crypto (RSA, at least 2048 bits), and the values normalised to what the adapters take.
 * Messages are i18n keys ("merchants.validation.*"); none of them quotes what was typed.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import { z } from "zod";
import { fields } from "~/utils/fields";
import { keyMaterial, normalisePrivateKey, normalisePublicKey } from "./alipay/keys.server";

/** Form fields that hold secrets: never echoed back into a form, a log or an error. */
export const SECRET_FIELDS = ["merchantPrivateKey", "apiV3Key", "privateKey", "apiV2Key"] as const;

/**
 * Everything typed, minus the secrets (for a 400 reply that keeps the rest): the secret fields, and
 * any other value that is a private key — pasted into a public-key field by mistake, it must not
 * come back in the page either.
 */
export function withoutSecrets(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => !(SECRET_FIELDS as readonly string[]).includes(k) && !looksLikePrivateKey(v)));
}

function looksLikePrivateKey(v: unknown): boolean {
  if (typeof v !== "string" || v.length < 100) return false;
  return /PRIVATE KEY/i.test(v) || tryKey(() => normalisePrivateKey(v)) !== null;
}

const MIN_RSA_BITS = 2048;
const PEM_MAX = 10_000;

const pemText = (max = PEM_MAX) =>
  z
    .string({ error: "validation.required" })
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().min(1, { error: "validation.required" }).max(max, { error: "validation.tooLong" }));

function rsaBits(key: KeyObject): number {
  return key.asymmetricKeyType === "rsa" ? (key.asymmetricKeyDetails?.modulusLength ?? 0) : 0;
}

function tryKey<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** A PEM private key (PKCS#8 or PKCS#1), RSA of at least 2048 bits → PKCS#8 PEM. */
const wechatPrivateKey = pemText().transform((pem, ctx) => {
  if (!/^-----BEGIN (RSA )?PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END (RSA )?PRIVATE KEY-----$/.test(pem)) {
    ctx.addIssue({ code: "custom", message: "merchants.validation.privateKeyPem" });
    return z.NEVER;
  }
  const key = tryKey(() => createPrivateKey(pem));
  if (!key || key.asymmetricKeyType !== "rsa") {
    ctx.addIssue({ code: "custom", message: "merchants.validation.privateKeyPem" });
    return z.NEVER;
  }
  if (rsaBits(key) < MIN_RSA_BITS) {
    ctx.addIssue({ code: "custom", message: "merchants.validation.keyTooShort" });
    return z.NEVER;
  }
  return key.export({ type: "pkcs8", format: "pem" }).toString();
});

/** A PEM public key, RSA of at least 2048 bits → SPKI PEM. */
const wechatPublicKey = pemText().transform((pem, ctx) => {
  const key = /^-----BEGIN (RSA )?PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END (RSA )?PUBLIC KEY-----$/.test(pem) ? tryKey(() => createPublicKey(pem)) : null;
  if (!key || key.asymmetricKeyType !== "rsa") {
    ctx.addIssue({ code: "custom", message: "merchants.validation.publicKeyPem" });
    return z.NEVER;
  }
  if (rsaBits(key) < MIN_RSA_BITS) {
    ctx.addIssue({ code: "custom", message: "merchants.validation.keyTooShort" });
    return z.NEVER;
  }
  return key.export({ type: "spki", format: "pem" }).toString();
});

export type StoredCertificate = { serial: string; pem: string; validTo: string };

/** One or more PEM certificates (平台证书) with RSA keys. */
const platformCertificates = pemText(PEM_MAX * 3).transform((text, ctx): StoredCertificate[] => {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----/g) ?? [];
  const rest = blocks.reduce((t, b) => t.replace(b, ""), text).trim();
  const certs = rest ? [] : blocks.map((pem) => tryKey(() => ({ pem, x509: new X509Certificate(pem) })));
  if (!certs.length || certs.some((c) => !c)) {
    ctx.addIssue({ code: "custom", message: "merchants.validation.certificatePem" });
    return z.NEVER;
  }
  if (certs.some((c) => rsaBits(c!.x509.publicKey) < MIN_RSA_BITS)) {
    ctx.addIssue({ code: "custom", message: "merchants.validation.keyTooShort" });
    return z.NEVER;
  }
  return certs.map((c) => ({ serial: c!.x509.serialNumber.toUpperCase(), pem: c!.pem, validTo: new Date(c!.x509.validTo).toISOString() }));
});

const label = fields.optionalText(60);

/** An optional one-line field: blank is absent. */
const optionalText = z
  .string()
  .max(200, { error: "validation.tooLong" })
  .optional()
  .transform((s) => s?.trim() || undefined);

export const WechatPayCredentialsSchema = z
  .object({
    label,
    appId: z.string({ error: "validation.required" }).trim().regex(/^wx[0-9A-Za-z]{16}$/, { error: "merchants.validation.wechatAppId" }),
    mchId: z.string({ error: "validation.required" }).trim().regex(/^\d{8,12}$/, { error: "merchants.validation.mchId" }),
    merchantSerialNo: z
      .string({ error: "validation.required" })
      .trim()
      .regex(/^[0-9A-Fa-f]{8,40}$/, { error: "merchants.validation.serialNo" })
      .transform((s) => s.toUpperCase()),
    merchantPrivateKey: wechatPrivateKey,
    apiV3Key: z.string({ error: "validation.required" }).regex(/^[A-Za-z0-9]{32}$/, { error: "merchants.validation.apiV3Key" }),
    verificationMode: z.enum(["publicKey", "platformCertificate"], { error: "validation.choice" }),
    publicKeyId: z.string().trim().max(100, { error: "validation.tooLong" }).optional(),
    publicKey: z.string().max(PEM_MAX, { error: "validation.tooLong" }).optional(),
    platformCertificate: z.string().max(PEM_MAX * 3, { error: "validation.tooLong" }).optional(),
    // Recurring deduction (委托代扣, API v2): both or neither.
    apiV2Key: optionalText.pipe(z.string().regex(/^[A-Za-z0-9]{32}$/, { error: "merchants.validation.apiV2Key" }).optional()),
    planId: optionalText.pipe(z.string().regex(/^\d{1,20}$/, { error: "merchants.validation.planId" }).optional()),
  })
  .transform((v, ctx) => {
    if (Boolean(v.apiV2Key) !== Boolean(v.planId)) {
      ctx.addIssue({ code: "custom", path: [v.apiV2Key ? "planId" : "apiV2Key"], message: "merchants.validation.recurringPair" });
      return z.NEVER;
    }
    if (v.verificationMode === "publicKey") {
      if (!v.publicKeyId || !/^PUB_KEY_ID_[0-9A-Za-z_]{1,80}$/.test(v.publicKeyId)) {
        ctx.addIssue({ code: "custom", path: ["publicKeyId"], message: v.publicKeyId ? "merchants.validation.publicKeyId" : "validation.required" });
      }
      const key = wechatPublicKey.safeParse(v.publicKey ?? "");
      if (!key.success) ctx.addIssue({ code: "custom", path: ["publicKey"], message: key.error.issues[0]?.message ?? "merchants.validation.publicKeyPem" });
      if (!key.success || !v.publicKeyId) return z.NEVER;
      return { ...v, verification: { mode: "publicKey" as const, publicKeyId: v.publicKeyId, publicKey: key.data } };
    }
    const certs = platformCertificates.safeParse(v.platformCertificate ?? "");
    if (!certs.success) {
      ctx.addIssue({ code: "custom", path: ["platformCertificate"], message: certs.error.issues[0]?.message ?? "merchants.validation.certificatePem" });
      return z.NEVER;
    }
    if (certs.data.some((c) => c.serial === v.merchantSerialNo)) {
      ctx.addIssue({ code: "custom", path: ["merchantSerialNo"], message: "merchants.validation.serialIsPlatform" });
      return z.NEVER;
    }
    return { ...v, verification: { mode: "platformCertificate" as const, certificates: certs.data } };
  });

export type WechatPayCredentials = z.infer<typeof WechatPayCredentialsSchema>;

/** Alipay keys as merchants have them: PEM or the bare base64 of Alipay's key tool. */
function alipayKey(kind: "private" | "public") {
  return pemText().transform((text, ctx) => {
    // createPublicKey also accepts a private key (and derives its public half): a private key pasted
    // into the public field must be refused, not stored in the clear as "public configuration".
    const isPrivate = kind === "public" && tryKey(() => normalisePrivateKey(text)) !== null;
    const pem = isPrivate ? null : tryKey(() => (kind === "private" ? normalisePrivateKey(text) : normalisePublicKey(text)));
    if (!pem) {
      ctx.addIssue({ code: "custom", message: kind === "private" ? "merchants.validation.alipayPrivateKey" : "merchants.validation.alipayPublicKey" });
      return z.NEVER;
    }
    const bits = rsaBits(kind === "private" ? createPrivateKey(pem) : createPublicKey(pem));
    if (bits < MIN_RSA_BITS) {
      ctx.addIssue({ code: "custom", message: "merchants.validation.keyTooShort" });
      return z.NEVER;
    }
    // The hint is taken from the key as the merchant has it, so they recognise its last characters.
    return { pem, material: keyMaterial(text) };
  });
}

export const AlipayCredentialsSchema = z.object({
  label,
  appId: z.string({ error: "validation.required" }).trim().regex(/^\d{16}$/, { error: "merchants.validation.alipayAppId" }),
  privateKey: alipayKey("private"),
  alipayPublicKey: alipayKey("public"),
  sellerId: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => !v || /^2088\d{12}$/.test(v), { error: "merchants.validation.sellerId" }),
  /** 周期扣款 sign scene agreed with Alipay (INDUSTRY|…); never the placeholder DEFAULT|DEFAULT. */
  signScene: optionalText.refine((v) => !v || (/^[A-Z_]{1,40}\|[A-Z_]{1,40}$/.test(v) && v !== "DEFAULT|DEFAULT"), { error: "merchants.validation.signScene" }),
});

export type AlipayCredentials = z.infer<typeof AlipayCredentialsSchema>;

export const MerchantToggleSchema = z.object({
  intent: z.enum(["disable", "enable"], { error: "validation.choice" }),
  accountId: z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).max(40, { error: "validation.tooLong" }),
});
