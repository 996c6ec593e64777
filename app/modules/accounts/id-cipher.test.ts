import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeIdKey, decryptIdNumber, encryptIdNumber, IdCipherError, idKeyringFrom } from "./id-cipher.server";
import { makeIdNumber } from "./id-number";

const key = randomBytes(32);
const ID = makeIdNumber("500114", "19900315", "271");

/** Flips one bit in the given base64url part of a `v1:iv:tag:ct` string. */
function flip(stored: string, part: 1 | 2 | 3) {
  const parts = stored.split(":");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[0]! ^= 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(":");
}

describe("id-cipher", () => {
  it("round-trips, in the versioned text format, with a fresh IV each time", () => {
    const a = encryptIdNumber(ID, "user-1", key);
    const b = encryptIdNumber(ID, "user-1", key);
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(ID);
    expect(decryptIdNumber(a, "user-1", key)).toBe(ID);
    expect(decryptIdNumber(b, "user-1", key)).toBe(ID);
  });

  it("detects tampering with the IV, the tag or the ciphertext", () => {
    const stored = encryptIdNumber(ID, "user-1", key);
    for (const part of [1, 2, 3] as const) expect(() => decryptIdNumber(flip(stored, part), "user-1", key)).toThrow(IdCipherError);
    expect(() => decryptIdNumber(stored.replace(/^v1:/, "v2:"), "user-1", key)).toThrow(IdCipherError);
    expect(() => decryptIdNumber("v1:abc", "user-1", key)).toThrow(IdCipherError);
  });

  it("refuses the wrong key and another person's row", () => {
    const stored = encryptIdNumber(ID, "user-1", key);
    expect(() => decryptIdNumber(stored, "user-1", randomBytes(32))).toThrow(IdCipherError);
    expect(() => decryptIdNumber(stored, "user-2", key)).toThrow(IdCipherError);
  });

  it("reads keys as 64 hex characters or base64 of 32 bytes", () => {
    expect(decodeIdKey(key.toString("hex"))?.equals(key)).toBe(true);
    expect(decodeIdKey(key.toString("base64"))?.equals(key)).toBe(true);
    expect(decodeIdKey(key.toString("base64url"))?.equals(key)).toBe(true);
    expect(decodeIdKey("too-short")).toBeNull();
    expect(decodeIdKey(randomBytes(16).toString("hex"))).toBeNull();
  });

  it("rotates: new ciphertexts carry the current generation, older ones are read with the previous keys", () => {
    const old = randomBytes(32);
    const written = encryptIdNumber(ID, "user-1", old);
    const ring = idKeyringFrom({ ID_ENCRYPTION_KEY: key.toString("base64url"), ID_ENCRYPTION_KEY_VERSION: 2, ID_ENCRYPTION_PREVIOUS_KEYS: `1:${old.toString("hex")}` })!;
    expect(ring.version).toBe(2);
    expect(decryptIdNumber(written, "user-1", ring)).toBe(ID);
    const rewritten = encryptIdNumber(ID, "user-1", ring);
    expect(rewritten).toMatch(/^v2:/);
    expect(decryptIdNumber(rewritten, "user-1", ring)).toBe(ID);
    // Once the previous key is gone, only the rewritten one can be read.
    const only = idKeyringFrom({ ID_ENCRYPTION_KEY: key.toString("hex"), ID_ENCRYPTION_KEY_VERSION: 2, ID_ENCRYPTION_PREVIOUS_KEYS: undefined })!;
    expect(decryptIdNumber(rewritten, "user-1", only)).toBe(ID);
    expect(() => decryptIdNumber(written, "user-1", only)).toThrow(/no key for ID ciphertext generation 1/);
    expect(idKeyringFrom({ ID_ENCRYPTION_KEY: undefined, ID_ENCRYPTION_KEY_VERSION: 1, ID_ENCRYPTION_PREVIOUS_KEYS: undefined })).toBeNull();
  });
});
