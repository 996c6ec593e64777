/**
 * Encryption of a volunteer's resident ID number, kept only while they consent to the national
 * volunteer-system export (issue 15.2). AES-256-GCM under ID_ENCRYPTION_KEY, stored as text:
 *
 *   v1:<iv>:<tag>:<ciphertext>      (each part base64url; IV 12 random bytes, tag 16 bytes)
 *
 * The version prefix names the format and key generation, so a later key or format can be read
 * beside the old one. The associated data binds a ciphertext to its volunteer: copied onto another
 * person's row it does not decrypt. The number in clear exists only between decryptIdNumber and the
 * national export workbook; nothing here logs or quotes it. It is never derived from the keyed hash
 * (idNumberHash), which cannot be reversed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { decodeMerchantKey, getEnv } from "~/utils/env.server";
import { AppError } from "~/utils/errors";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A ciphertext that cannot be read: unknown format, wrong key, altered bytes or another person's. */
export class IdCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdCipherError";
  }
}

/** 32 bytes from 64 hex characters or base64/base64url text; null otherwise. */
export const decodeIdKey = (text: string): Buffer | null => decodeMerchantKey(text);

/** The configured key, or an AppError (503): without it no consent can be stored and no export made. */
export function idEncryptionKey(): Buffer {
  const text = getEnv().ID_ENCRYPTION_KEY;
  const key = text ? decodeIdKey(text) : null;
  if (!key) throw new AppError("national.errors.keyMissing", 503);
  return key;
}

const context = (userId: string) => Buffer.from(`shanlian:id-number:${userId}`, "utf8");
const b64 = (b: Buffer) => b.toString("base64url");

export function encryptIdNumber(idNumber: string, userId: string, key: Buffer = idEncryptionKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(context(userId));
  const body = Buffer.concat([cipher.update(idNumber, "utf8"), cipher.final()]);
  return [VERSION, b64(iv), b64(cipher.getAuthTag()), b64(body)].join(":");
}

export function decryptIdNumber(stored: string, userId: string, key: Buffer = idEncryptionKey()): string {
  const parts = stored.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new IdCipherError("unknown ID ciphertext format");
  const [, ivText, tagText, bodyText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new IdCipherError("malformed ID ciphertext");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(context(userId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(bodyText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new IdCipherError("ID ciphertext could not be decrypted (wrong key or altered ciphertext)");
  }
}
