/**
 * Encryption of the secret part of merchant credentials (private keys, the WeChat Pay API v3 key):
 * AES-256-GCM under MERCHANT_SECRETS_KEY. A stored blob is
 *
 *   [version: 1 byte][IV: 12 bytes][ciphertext][tag: 16 bytes]
 *
 * The version byte names the key that wrote it, so the key can be rotated: new writes use the
 * current key (MERCHANT_SECRETS_KEY_VERSION), older blobs are read with MERCHANT_SECRETS_PREVIOUS_KEYS
 * until they are re-saved. The associated data binds a blob to its account's provider and owner, so
 * a ciphertext copied onto another organization's row does not decrypt.
 *
 * Plaintext only ever exists between decryptMerchantSecret and the provider factory
 * (merchant-accounts.server.ts → providerForAccount); nothing here logs or quotes it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getEnv, keyringFrom, type Keyring, type ServerEnv } from "~/utils/env.server";
import { AppError } from "~/utils/errors";

const IV_BYTES = 12;
const TAG_BYTES = 16;

export type MerchantKeyring = Keyring;

/** The keyring from configuration; null when MERCHANT_SECRETS_KEY is not set. */
export function merchantKeyringFrom(env: Pick<ServerEnv, "MERCHANT_SECRETS_KEY" | "MERCHANT_SECRETS_KEY_VERSION" | "MERCHANT_SECRETS_PREVIOUS_KEYS">): MerchantKeyring | null {
  return keyringFrom(env.MERCHANT_SECRETS_KEY, env.MERCHANT_SECRETS_KEY_VERSION, env.MERCHANT_SECRETS_PREVIOUS_KEYS);
}

/** The configured keyring, or an AppError (503): credentials can be neither saved nor used without it. */
export function merchantKeyring(): MerchantKeyring {
  const ring = merchantKeyringFrom(getEnv());
  if (!ring) throw new AppError("merchants.errors.keyMissing", 503);
  return ring;
}

export const merchantKeyConfigured = () => merchantKeyringFrom(getEnv()) !== null;

/** A blob that cannot be read: unknown key version, wrong key, altered bytes or another account's. */
export class MerchantSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MerchantSecretError";
  }
}

/** What the ciphertext is bound to: the provider and the owner (an organization, or the platform). */
export function secretContext(provider: string, orgId: string | null) {
  return `shanlian:merchant-account:${provider}:${orgId ?? "platform"}`;
}

export function encryptMerchantSecret(plaintext: string, ring: MerchantKeyring, context: string): { ciphertext: Uint8Array<ArrayBuffer>; keyVersion: number } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", ring.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const out = new Uint8Array(1 + IV_BYTES + body.length + TAG_BYTES);
  out[0] = ring.version;
  out.set(iv, 1);
  out.set(body, 1 + IV_BYTES);
  out.set(cipher.getAuthTag(), 1 + IV_BYTES + body.length);
  return { ciphertext: out, keyVersion: ring.version };
}

export function decryptMerchantSecret(blob: Uint8Array, ring: MerchantKeyring, context: string): string {
  if (blob.length < 1 + IV_BYTES + TAG_BYTES) throw new MerchantSecretError("merchant secret is truncated");
  const version = blob[0]!;
  const key = version === ring.version ? ring.key : ring.previous.get(version);
  if (!key) throw new MerchantSecretError(`no key for merchant secret version ${version}`);
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new MerchantSecretError("merchant secret could not be decrypted (wrong key or altered ciphertext)");
  }
}

/** The last four characters, so people can tell which secret is stored without seeing it. */
export function secretHint(secret: string): string {
  return secret.replace(/\s+/g, "").replace(/=+$/, "").slice(-4);
}
