/**
 * Encryption of a volunteer's resident ID number, kept only while they consent to the national
 * volunteer-system export (issue 15.2). AES-256-GCM under ID_ENCRYPTION_KEY, stored as text:
 *
 *   v1:<iv>:<tag>:<ciphertext>      (each part base64url; IV 12 random bytes, tag 16 bytes)
 *
 * The version prefix names the format and key generation (`v<ID_ENCRYPTION_KEY_VERSION>`), so the
 * key can be rotated: new ciphertexts use the current key, older ones are read with
 * ID_ENCRYPTION_PREVIOUS_KEYS until `npm run ids:rekey` has re-encrypted them (rekeyIdNumbers).
 * The associated data binds a ciphertext to its volunteer: copied onto another person's row it does
 * not decrypt. The number in clear exists only between decryptIdNumber and the
 * national export workbook; nothing here logs or quotes it. It is never derived from the keyed hash
 * (idNumberHash), which cannot be reversed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { decodeMerchantKey, getEnv, keyringFrom, type Keyring, type ServerEnv } from "~/utils/env.server";
import { AppError } from "~/utils/errors";
import { prisma, type Db } from "~/utils/db.server";

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

/** The current key and its generation, and the earlier ones still readable during a rotation. */
export type IdKeyring = Keyring;

/** The keyring from configuration; null when ID_ENCRYPTION_KEY is not set. */
export function idKeyringFrom(env: Pick<ServerEnv, "ID_ENCRYPTION_KEY" | "ID_ENCRYPTION_KEY_VERSION" | "ID_ENCRYPTION_PREVIOUS_KEYS">): IdKeyring | null {
  return keyringFrom(env.ID_ENCRYPTION_KEY, env.ID_ENCRYPTION_KEY_VERSION, env.ID_ENCRYPTION_PREVIOUS_KEYS);
}

/** The configured keyring, or an AppError (503): without it no consent can be stored and no export made. */
export function idKeyring(): IdKeyring {
  const ring = idKeyringFrom(getEnv());
  if (!ring) throw new AppError("national.errors.keyMissing", 503);
  return ring;
}

/** A bare key is generation 1 with nothing earlier (tests, and callers that hold one key). */
const asRing = (k: Buffer | IdKeyring): IdKeyring => (Buffer.isBuffer(k) ? { version: 1, key: k, previous: new Map() } : k);

/** The key generation a stored ciphertext names, or null for an unknown format. */
export function idCiphertextVersion(stored: string): number | null {
  const m = /^v(\d{1,3}):/.exec(stored);
  return m ? Number(m[1]) : null;
}

const context = (userId: string) => Buffer.from(`shanlian:id-number:${userId}`, "utf8");
const b64 = (b: Buffer) => b.toString("base64url");

export function encryptIdNumber(idNumber: string, userId: string, keys: Buffer | IdKeyring = idKeyring()): string {
  const ring = asRing(keys);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", ring.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(context(userId));
  const body = Buffer.concat([cipher.update(idNumber, "utf8"), cipher.final()]);
  return [`v${ring.version}`, b64(iv), b64(cipher.getAuthTag()), b64(body)].join(":");
}

export function decryptIdNumber(stored: string, userId: string, keys: Buffer | IdKeyring = idKeyring()): string {
  const ring = asRing(keys);
  const parts = stored.split(":");
  const version = idCiphertextVersion(stored);
  if (parts.length !== 4 || version === null) throw new IdCipherError("unknown ID ciphertext format");
  const key = version === ring.version ? ring.key : ring.previous.get(version);
  if (!key) throw new IdCipherError(`no key for ID ciphertext generation ${version}`);
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

/**
 * Re-encrypts every stored ID number not yet under the current key generation (`npm run
 * ids:rekey`, after raising ID_ENCRYPTION_KEY_VERSION and moving the old key to
 * ID_ENCRYPTION_PREVIOUS_KEYS). A batch at a time, each row updated only if unchanged since it was
 * read; a row no key can read is counted and left as it is (never logged). Once it reports nothing
 * left, the previous key can be removed.
 */
export async function rekeyIdNumbers(db: Db = prisma, ring: IdKeyring = idKeyring(), batch = 500): Promise<{ rekeyed: number; unreadable: number; current: number }> {
  const out = { rekeyed: 0, unreadable: 0, current: 0 };
  let after = "";
  for (;;) {
    const rows = await db.volunteerProfile.findMany({
      where: { idNumberCiphertext: { not: null }, userId: { gt: after } },
      select: { userId: true, idNumberCiphertext: true },
      orderBy: { userId: "asc" },
      take: batch,
    });
    if (!rows.length) return out;
    after = rows[rows.length - 1]!.userId;
    for (const r of rows) {
      const stored = r.idNumberCiphertext!;
      if (idCiphertextVersion(stored) === ring.version) {
        out.current++;
        continue;
      }
      let clear: string;
      try {
        clear = decryptIdNumber(stored, r.userId, ring);
      } catch {
        out.unreadable++;
        continue;
      }
      const updated = await db.volunteerProfile.updateMany({ where: { userId: r.userId, idNumberCiphertext: stored }, data: { idNumberCiphertext: encryptIdNumber(clear, r.userId, ring) } });
      out.rekeyed += updated.count;
    }
  }
}

