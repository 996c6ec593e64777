import type { AlipaySdkCommonResult } from "alipay-sdk";
import { ProviderError } from "../provider";

/**
 * Alipay answered, verified, with code ≠ 10000. `definite` is true when Alipay refused (the request
 * had no effect): caller errors (isv.*, 40001/40002/40006) and business refusals (40004 ACQ.*).
 * 20000 (service unavailable), isp.* (Alipay's own failures) and *SYSTEM_ERROR leave the outcome
 * unknown: the same request (same out_request_no) must be retried, never given up on.
 */
export class AlipayRefusal extends ProviderError {
  constructor(
    message: string,
    definite: boolean,
    public readonly code: string,
    public readonly subCode: string | undefined,
  ) {
    super(message, definite);
    this.name = "ProviderError";
  }
}

function isDefinite(code: string, subCode: string | undefined) {
  if (code === "20000") return false;
  const sub = (subCode ?? "").replace(/^aop\./, "");
  if (sub.startsWith("isp.") || sub.endsWith("SYSTEM_ERROR")) return false;
  return true;
}

/** Removes secrets from a message, should the provider ever echo one back. */
export function scrub(message: string, secrets: string[]): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 16) out = out.split(s).join("[redacted]");
  // A key wrapped differently is still a long run of base64: no message needs one.
  out = out.replace(/[A-Za-z0-9+/=\r\n]{120,}/g, "[redacted]");
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

export function refusal(what: string, res: AlipaySdkCommonResult, secrets: string[]): AlipayRefusal {
  const code = String(res.code ?? "");
  const subCode = typeof res.sub_code === "string" ? res.sub_code : undefined;
  const detail = [code, subCode, typeof res.sub_msg === "string" ? res.sub_msg : res.msg].filter(Boolean).join(" ");
  const definite = isDefinite(code, subCode);
  return new AlipayRefusal(scrub(`Alipay ${what} ${definite ? "refused" : "failed"}: ${detail}`, secrets), definite, code, subCode);
}

/**
 * The SDK threw: no answer (network, timeout), not HTTP 200, or an answer whose signature did not
 * verify. The outcome is unknown. The SDK's own message can quote the whole response; ours names
 * only the kind of failure.
 */
export function noAnswer(what: string, e: unknown, secrets: string[]): ProviderError {
  if (e instanceof ProviderError) return e;
  const err = (e ?? {}) as { name?: string; message?: string; cause?: { name?: string; code?: string } };
  const msg = String(err.message ?? "");
  let kind: string;
  if (msg.includes("验签")) kind = "the answer's signature did not verify";
  else if (/status: \d{3}/.test(msg)) kind = `HTTP ${/status: (\d{3})/.exec(msg)![1]}`;
  else if (err.cause) kind = [err.cause.name, err.cause.code].filter(Boolean).join(" ") || "network error";
  else kind = err.name ?? "error";
  return new ProviderError(scrub(`Alipay ${what} failed, outcome unknown: ${kind}`, secrets), false);
}
