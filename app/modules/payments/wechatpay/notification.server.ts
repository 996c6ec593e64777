/**
 * WeChat Pay API v3 notifications (回调通知): the signature over `timestamp\nnonce\nbody\n` checked
 * with the WeChat Pay public key or the platform certificate named by Wechatpay-Serial, a replay
 * window on Wechatpay-Timestamp, then the AEAD_AES_256_GCM `resource` decrypted with the API v3
 * key. The crypto is the SDK's (Rsa, Aes.AesGcm, Formatter); nothing here is home-made.
 */
import { X509Certificate, type KeyObject } from "node:crypto";
import { Aes, Formatter, Rsa } from "wechatpay-axios-plugin";
import { ProviderError, WebhookVerificationError } from "../provider";
import type { WechatNotification } from "./translate.server";

/**
 * How WeChat Pay signs its answers and notifications for this merchant:
 * - publicKey: the WeChat Pay public key (微信支付公钥), the only mode merchants registered since
 *   2024 get; Wechatpay-Serial carries its id (PUB_KEY_ID_…);
 * - platformCertificate: the older platform certificates (平台证书); Wechatpay-Serial carries the
 *   certificate's serial number. `serial` may be left out: it is read from the certificate.
 */
export type WechatVerification =
  | { mode: "publicKey"; publicKeyId: string; publicKey: string }
  | { mode: "platformCertificate"; certificates: { serial?: string; pem: string }[] };

/** Replays and stale deliveries: a notification signed more than 5 minutes away from now is refused. */
export const REPLAY_WINDOW_SECONDS = 300;

/** Wechatpay-Serial → the key that verifies what WeChat Pay signs under it. */
export type Keyring = Map<string, KeyObject>;

export function buildKeyring(verification: WechatVerification): Keyring {
  const ring: Keyring = new Map();
  try {
    if (verification.mode === "publicKey") {
      if (!verification.publicKeyId) throw new ProviderError("WeChat Pay public key id is missing", true);
      ring.set(verification.publicKeyId, Rsa.from(verification.publicKey, Rsa.KEY_TYPE_PUBLIC));
    } else {
      for (const cert of verification.certificates) {
        const serial = cert.serial ?? new X509Certificate(cert.pem).serialNumber;
        ring.set(serial.toUpperCase(), Rsa.from(cert.pem, Rsa.KEY_TYPE_PUBLIC));
      }
    }
  } catch (e) {
    if (e instanceof ProviderError) throw e;
    throw new ProviderError("WeChat Pay verification key could not be read", true);
  }
  if (ring.size === 0) throw new ProviderError("WeChat Pay verification needs a public key or a platform certificate", true);
  return ring;
}

/** Finds the key for a serial; platform certificate serials are hex, compared without case. */
function keyFor(ring: Keyring, serial: string): KeyObject | undefined {
  return ring.get(serial) ?? ring.get(serial.toUpperCase());
}

/**
 * Checks the Wechatpay-* headers against the raw body. Throws WebhookVerificationError; the
 * messages name what failed, never a key.
 */
export function verifySignature(rawBody: string, headers: Headers, ring: Keyring, nowMs = Date.now()): void {
  const timestamp = headers.get("wechatpay-timestamp");
  const nonce = headers.get("wechatpay-nonce");
  const signature = headers.get("wechatpay-signature");
  const serial = headers.get("wechatpay-serial");
  if (!timestamp || !nonce || !signature || !serial) throw new WebhookVerificationError("missing Wechatpay-Timestamp, -Nonce, -Signature or -Serial header");
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError("malformed Wechatpay-Timestamp");
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > REPLAY_WINDOW_SECONDS) {
    throw new WebhookVerificationError("Wechatpay-Timestamp outside the replay window");
  }
  const key = keyFor(ring, serial);
  if (!key) throw new WebhookVerificationError("unknown Wechatpay-Serial");
  let valid = false;
  try {
    valid = Rsa.verify(Formatter.response(timestamp, nonce, rawBody), signature, key);
  } catch {
    valid = false;
  }
  if (!valid) throw new WebhookVerificationError("Wechatpay-Signature does not match the body");
}

/** AEAD_AES_256_GCM with the API v3 key; a wrong key or an altered field fails authentication. */
export function decryptResource(resource: WechatNotification["resource"], apiV3Key: KeyObject): unknown {
  if (resource?.algorithm !== "AEAD_AES_256_GCM") throw new WebhookVerificationError("unsupported resource algorithm");
  let plaintext: string;
  try {
    plaintext = Aes.AesGcm.decrypt(resource.ciphertext, apiV3Key, resource.nonce, resource.associated_data ?? "");
  } catch {
    throw new WebhookVerificationError("resource could not be decrypted with the API v3 key");
  }
  try {
    return JSON.parse(plaintext);
  } catch {
    throw new WebhookVerificationError("decrypted resource is not JSON");
  }
}

/** Verified and decrypted: the envelope and its resource's plaintext. */
export function openNotification(rawBody: string, headers: Headers, ring: Keyring, apiV3Key: KeyObject, nowMs = Date.now()) {
  verifySignature(rawBody, headers, ring, nowMs);
  let envelope: WechatNotification;
  try {
    envelope = JSON.parse(rawBody) as WechatNotification;
  } catch {
    throw new WebhookVerificationError("notification body is not JSON");
  }
  if (!envelope || typeof envelope.id !== "string" || typeof envelope.event_type !== "string" || !envelope.resource) {
    throw new WebhookVerificationError("notification is missing id, event_type or resource");
  }
  return { envelope, resource: decryptResource(envelope.resource, apiV3Key) as Record<string, unknown> };
}
