/**
 * Merchant secrets at rest (#14.3): AES-256-GCM with a version byte, bound to the account's owner;
 * a wrong key, an altered byte, another account's row or an unknown version are refused. And the
 * credential forms' validation: PEM shapes, RSA key lengths, the API v3 key, in messages that are
 * i18n keys and never quote what was typed.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeMerchantKey } from "~/utils/env.server";
import {
  decryptMerchantSecret,
  encryptMerchantSecret,
  merchantKeyringFrom,
  MerchantSecretError,
  secretContext,
  secretHint,
  type MerchantKeyring,
} from "~/modules/payments/merchant-secrets.server";
import { AlipayCredentialsSchema, WechatPayCredentialsSchema, withoutSecrets } from "~/modules/payments/merchant-schema.server";
import { parseWithSchema } from "~/utils/forms";
import { merchantKeyProblem } from "~/modules/payments/merchant-accounts.server";
import zh from "~/modules/i18n/locales/zh-CN/merchants";
import en from "~/modules/i18n/locales/en/merchants";

const ring = (version = 1, previous: [number, Buffer][] = []): MerchantKeyring => ({ version, key: randomBytes(32), previous: new Map(previous) });
const SECRET = JSON.stringify({ merchantPrivateKey: "-----BEGIN PRIVATE KEY-----\nMIIEvQ…\n-----END PRIVATE KEY-----", apiV3Key: "a".repeat(28) + "WXYZ" });
const CTX = secretContext("WECHAT_PAY", "org1");

describe("merchant secret encryption", () => {
  it("round-trips, with the version byte first and a fresh IV each time", () => {
    const r = ring(3);
    const a = encryptMerchantSecret(SECRET, r, CTX);
    const b = encryptMerchantSecret(SECRET, r, CTX);
    expect(a.keyVersion).toBe(3);
    expect(a.ciphertext[0]).toBe(3);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
    expect(Buffer.from(a.ciphertext).toString("latin1")).not.toContain("PRIVATE KEY");
    expect(a.ciphertext.length).toBe(1 + 12 + Buffer.byteLength(SECRET) + 16);
    expect(decryptMerchantSecret(a.ciphertext, r, CTX)).toBe(SECRET);
  });

  it("refuses a wrong key, an altered byte, a truncated blob and another account's context", () => {
    const r = ring();
    const { ciphertext } = encryptMerchantSecret(SECRET, r, CTX);
    expect(() => decryptMerchantSecret(ciphertext, { ...r, key: randomBytes(32) }, CTX)).toThrow(MerchantSecretError);
    for (const at of [1, 13, 20, ciphertext.length - 1]) {
      const tampered = Uint8Array.from(ciphertext);
      tampered[at]! ^= 0x01;
      expect(() => decryptMerchantSecret(tampered, r, CTX), `byte ${at}`).toThrow(MerchantSecretError);
    }
    expect(() => decryptMerchantSecret(ciphertext.subarray(0, 20), r, CTX)).toThrow(MerchantSecretError);
    // Copied onto another organization's row, or the platform's: refused.
    expect(() => decryptMerchantSecret(ciphertext, r, secretContext("WECHAT_PAY", "org2"))).toThrow(MerchantSecretError);
    expect(() => decryptMerchantSecret(ciphertext, r, secretContext("WECHAT_PAY", null))).toThrow(MerchantSecretError);
    expect(() => decryptMerchantSecret(ciphertext, r, secretContext("ALIPAY", "org1"))).toThrow(MerchantSecretError);
  });

  it("reads older versions with the previous keys during a rotation, and refuses an unknown version", () => {
    const old = ring(1);
    const { ciphertext } = encryptMerchantSecret(SECRET, old, CTX);
    const rotated = ring(2, [[1, old.key]]);
    expect(decryptMerchantSecret(ciphertext, rotated, CTX)).toBe(SECRET);
    expect(encryptMerchantSecret(SECRET, rotated, CTX).ciphertext[0]).toBe(2);
    expect(() => decryptMerchantSecret(ciphertext, ring(2), CTX)).toThrow(/no key for merchant secret version 1/);
  });

  it("error messages never carry the plaintext or the key", () => {
    const r = ring();
    const { ciphertext } = encryptMerchantSecret(SECRET, r, CTX);
    const tampered = Uint8Array.from(ciphertext);
    tampered[30]! ^= 0xff;
    let message = "";
    try {
      decryptMerchantSecret(tampered, r, CTX);
    } catch (e) {
      message = `${(e as Error).message} ${(e as Error).stack}`;
    }
    expect(message).toMatch(/could not be decrypted/);
    for (const s of ["WXYZ", "PRIVATE", r.key.toString("base64"), r.key.toString("hex")]) expect(message).not.toContain(s);
  });

  it("reads the key from configuration: 32 bytes as base64, base64url or hex, else nothing", () => {
    const key = randomBytes(32);
    for (const text of [key.toString("base64"), key.toString("base64url"), key.toString("hex")]) expect(decodeMerchantKey(text)?.equals(key)).toBe(true);
    for (const bad of ["", "short", randomBytes(16).toString("base64"), randomBytes(48).toString("base64"), "z".repeat(64)]) expect(decodeMerchantKey(bad)).toBeNull();
    expect(merchantKeyringFrom({ MERCHANT_SECRETS_KEY: undefined, MERCHANT_SECRETS_KEY_VERSION: 1, MERCHANT_SECRETS_PREVIOUS_KEYS: undefined })).toBeNull();
    const old = randomBytes(32);
    const r = merchantKeyringFrom({ MERCHANT_SECRETS_KEY: key.toString("hex"), MERCHANT_SECRETS_KEY_VERSION: 4, MERCHANT_SECRETS_PREVIOUS_KEYS: `3:${old.toString("base64")}` })!;
    expect(r.version).toBe(4);
    expect(r.key.equals(key)).toBe(true);
    expect(r.previous.get(3)?.equals(old)).toBe(true);
  });

  it("production refuses to start without the key (or an old version's key) once accounts exist", () => {
    expect(merchantKeyProblem(null, [])).toBeNull();
    expect(merchantKeyProblem(null, [{ keyVersion: 1, count: 2 }])).toBe("MERCHANT_SECRETS_KEY is required: 2 merchant account(s) hold encrypted credentials");
    expect(merchantKeyProblem(ring(2), [{ keyVersion: 2, count: 1 }])).toBeNull();
    expect(merchantKeyProblem(ring(2), [{ keyVersion: 1, count: 1 }, { keyVersion: 2, count: 1 }])).toMatch(/lacks key version\(s\) 1/);
    expect(merchantKeyProblem(ring(2, [[1, randomBytes(32)]]), [{ keyVersion: 1, count: 1 }])).toBeNull();
  });

  it("hints the last four characters only", () => {
    expect(secretHint("0123456789abcdef0123456789abWXYZ")).toBe("WXYZ");
    expect(secretHint("MIIEv...\nQAbc1d==\n")).toBe("bc1d");
  });
});

const rsa = (bits: number) => generateKeyPairSync("rsa", { modulusLength: bits });
const strong = rsa(2048);
const pkcs8 = strong.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const pkcs1 = strong.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const spki = rsa(2048).publicKey.export({ type: "spki", format: "pem" }).toString();
const API_V3 = "Shanlian0API0v3Key0Test0Value012";

const wechatForm = (o: Record<string, string> = {}) => ({
  intent: "save-wechat",
  appId: "wxd678efh567hg6787",
  mchId: "1900009191",
  merchantSerialNo: "5157f09efdc096de15ebe81a47057a7232f1b8e1",
  merchantPrivateKey: pkcs8.replace(/\n/g, "\r\n"),
  apiV3Key: API_V3,
  verificationMode: "publicKey",
  publicKeyId: "PUB_KEY_ID_0114232134912410000000000000",
  publicKey: spki,
  platformCertificate: "",
  ...o,
});

function errorsOf(schema: typeof WechatPayCredentialsSchema | typeof AlipayCredentialsSchema, values: Record<string, string>): Record<string, string> {
  const parsed = parseWithSchema(schema, values);
  return (parsed.ok ? {} : parsed.reply.fieldErrors) ?? {};
}

describe("credential forms", () => {
  it("accept WeChat Pay credentials and normalise them (serial upper-cased, keys PEM)", () => {
    const parsed = WechatPayCredentialsSchema.parse(wechatForm({ merchantPrivateKey: pkcs1 }));
    expect(parsed.merchantSerialNo).toBe("5157F09EFDC096DE15EBE81A47057A7232F1B8E1");
    expect(parsed.merchantPrivateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(parsed.verification).toMatchObject({ mode: "publicKey", publicKeyId: "PUB_KEY_ID_0114232134912410000000000000" });
  });

  it("refuse malformed WeChat Pay fields with a message key each", () => {
    expect(errorsOf(WechatPayCredentialsSchema, wechatForm({ appId: "wx123", mchId: "12ab", merchantSerialNo: "not-hex", apiV3Key: "tooshort" }))).toEqual({
      appId: "merchants.validation.wechatAppId",
      mchId: "merchants.validation.mchId",
      merchantSerialNo: "merchants.validation.serialNo",
      apiV3Key: "merchants.validation.apiV3Key",
    });
    // A public key pasted where the private key goes; a bare base64 body without PEM armour.
    expect(errorsOf(WechatPayCredentialsSchema, wechatForm({ merchantPrivateKey: spki })).merchantPrivateKey).toBe("merchants.validation.privateKeyPem");
    expect(errorsOf(WechatPayCredentialsSchema, wechatForm({ merchantPrivateKey: pkcs8.split("\n").slice(1, -2).join("") })).merchantPrivateKey).toBe("merchants.validation.privateKeyPem");
    // 1024-bit keys are too short.
    const weak = rsa(1024);
    expect(errorsOf(WechatPayCredentialsSchema, wechatForm({ merchantPrivateKey: weak.privateKey.export({ type: "pkcs8", format: "pem" }).toString() })).merchantPrivateKey).toBe("merchants.validation.keyTooShort");
    expect(errorsOf(WechatPayCredentialsSchema, wechatForm({ publicKey: weak.publicKey.export({ type: "spki", format: "pem" }).toString() })).publicKey).toBe("merchants.validation.keyTooShort");
    expect(errorsOf(WechatPayCredentialsSchema, wechatForm({ publicKeyId: "PUB_1" })).publicKeyId).toBe("merchants.validation.publicKeyId");
    expect(errorsOf(WechatPayCredentialsSchema, wechatForm({ publicKey: "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----" })).publicKey).toBe("merchants.validation.publicKeyPem");
    expect(errorsOf(WechatPayCredentialsSchema, wechatForm({ verificationMode: "platformCertificate", platformCertificate: spki })).platformCertificate).toBe("merchants.validation.certificatePem");
  });

  it("accept Alipay keys as PEM or bare base64, refuse others", () => {
    const bare = (strong.privateKey.export({ type: "pkcs8", format: "der" }) as Buffer).toString("base64");
    const publicBare = (rsa(2048).publicKey.export({ type: "spki", format: "der" }) as Buffer).toString("base64");
    const ok = AlipayCredentialsSchema.parse({ appId: "2021004100000001", privateKey: bare, alipayPublicKey: publicBare, sellerId: "" });
    expect(ok.privateKey.pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(ok.alipayPublicKey.pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(ok.sellerId).toBeUndefined();
    expect(errorsOf(AlipayCredentialsSchema, { appId: "2021", privateKey: "garbage", alipayPublicKey: pkcs1, sellerId: "1234" })).toEqual({
      appId: "merchants.validation.alipayAppId",
      privateKey: "merchants.validation.alipayPrivateKey",
      alipayPublicKey: "merchants.validation.alipayPublicKey",
      sellerId: "merchants.validation.sellerId",
    });
    // A private key pasted into a public-key field would be stored in the clear: refused in every form.
    expect(errorsOf(AlipayCredentialsSchema, { appId: "2021004100000001", privateKey: bare, alipayPublicKey: bare }).alipayPublicKey).toBe("merchants.validation.alipayPublicKey");
    expect(errorsOf(WechatPayCredentialsSchema, wechatForm({ publicKey: pkcs8 })).publicKey).toBe("merchants.validation.publicKeyPem");
  });

  it("never echo the secrets: a refused form's kept values leave them out", () => {
    const parsed = parseWithSchema(WechatPayCredentialsSchema, wechatForm({ mchId: "x" }));
    expect(parsed.ok).toBe(false);
    const kept = withoutSecrets(wechatForm());
    expect(Object.keys(kept)).not.toContain("merchantPrivateKey");
    expect(Object.keys(kept)).not.toContain("apiV3Key");
    expect(JSON.stringify(kept)).not.toContain(API_V3);
    expect(Object.keys(withoutSecrets({ privateKey: "x", appId: "1" }))).toEqual(["appId"]);
    // A private key typed into a public-key field is not echoed either (PEM, or bare base64); a public key is.
    const bare = (strong.privateKey.export({ type: "pkcs8", format: "der" }) as Buffer).toString("base64");
    expect(withoutSecrets({ publicKey: pkcs1, alipayPublicKey: bare, platformCertificate: spki })).toEqual({ platformCertificate: spki });
  });

  it("have every validation message in Chinese and English", () => {
    expect(Object.keys(en.validation).sort()).toEqual(Object.keys(zh.validation).sort());
    for (const k of Object.keys(zh.validation)) expect(zh.validation[k as keyof typeof zh.validation]).toMatch(/[\u4e00-\u9fff]/);
  });
});
