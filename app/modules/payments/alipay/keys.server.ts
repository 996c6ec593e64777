import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { ProviderError } from "../provider";

/**
 * Merchant keys as merchants have them: the Alipay key tool prints bare base64 (PKCS#8 for Java,
 * PKCS#1 otherwise), others keep PEM files. alipay-sdk parses the private key as PKCS#1 unless told
 * `keyType: "PKCS8"`, and a PKCS#8 PEM given to it as PKCS#1 is silently mangled; so we parse
 * whatever we are given with node:crypto and hand the SDK one form: PKCS#8 PEM with keyType PKCS8,
 * and the Alipay public key as SPKI PEM. Errors never quote the key.
 */

function parse<T>(text: string, pem: (t: string) => T, der: ((d: Buffer) => T)[]): T | null {
  const trimmed = typeof text === "string" ? text.trim() : "";
  if (!trimmed) return null;
  try {
    if (trimmed.includes("-----BEGIN")) return pem(trimmed);
  } catch {
    return null;
  }
  const bytes = Buffer.from(trimmed.replace(/\s+/g, ""), "base64");
  for (const f of der) {
    try {
      return f(bytes);
    } catch {
      // try the next encoding
    }
  }
  return null;
}

function requireRsa(key: KeyObject | null, what: string): KeyObject {
  if (!key || key.asymmetricKeyType !== "rsa") throw new ProviderError(`Alipay ${what} is not a valid RSA key (PEM or base64 expected)`, true);
  return key;
}

/** The app private key (应用私钥), PKCS#1 or PKCS#8, PEM or bare base64 → PKCS#8 PEM. */
export function normalisePrivateKey(text: string): string {
  const key = parse(text, (t) => createPrivateKey(t), [(d) => createPrivateKey({ key: d, format: "der", type: "pkcs8" }), (d) => createPrivateKey({ key: d, format: "der", type: "pkcs1" })]);
  return requireRsa(key, "app private key").export({ type: "pkcs8", format: "pem" }) as string;
}

/** The Alipay public key (支付宝公钥, public-key mode), PEM or bare base64 → SPKI PEM. */
export function normalisePublicKey(text: string): string {
  const key = parse(text, (t) => createPublicKey(t), [(d) => createPublicKey({ key: d, format: "der", type: "spki" }), (d) => createPublicKey({ key: d, format: "der", type: "pkcs1" })]);
  return requireRsa(key, "public key").export({ type: "spki", format: "pem" }) as string;
}

/** The base64 body of a PEM (or the text itself), to scrub from messages. */
export function keyMaterial(text: string): string {
  return text.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
}
