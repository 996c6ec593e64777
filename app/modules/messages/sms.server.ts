import { createHash, createHmac, randomUUID } from "node:crypto";

/**
 * The SMS port and its two adapters, Aliyun SMS (dysmsapi SendSms, RPC signature HMAC-SHA1) and
 * Tencent Cloud SMS (SendSms 2021-01-11, TC3-HMAC-SHA256), both over plain `fetch` so a test can
 * point them at a local fake. Wording lives with the provider (registered templates, China's rule
 * for text messages); we send the template code and the notification's parameters.
 */
export type SmsMessage = { phone: string; templateCode: string; params: Record<string, string> };
export type SmsSender = { name: string; templateFor(kind: string): string | null; send(m: SmsMessage): Promise<{ messageId: string }> };

export type SmsConfig = {
  provider: "aliyun" | "tencent";
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /**
   * kind → template code (Aliyun `SMS_123…`, Tencent numeric template id). Tencent templates take
   * positional parameters: `2024001:project,time,place` names their order (else alphabetical).
   */
  templates: Record<string, string>;
  endpoint?: string;
  region?: string;
  /** Tencent only: the SMS application id (SmsSdkAppId). */
  sdkAppId?: string;
  timeoutMs?: number;
};

/** A provider refusal or a network failure: `code` is the provider's code, never the phone or message text. */
export class SmsError extends Error {
  constructor(public code: string) {
    super(`sms: ${code}`);
  }
}

/** RFC 3986 percent-encoding as Aliyun's signature requires (space → %20, `*` → %2A, `~` kept). */
export const aliyunEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function aliyunSignature(params: Record<string, string>, secret: string, method = "GET") {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${aliyunEncode(k)}=${aliyunEncode(params[k]!)}`)
    .join("&");
  const stringToSign = `${method}&${aliyunEncode("/")}&${aliyunEncode(canonical)}`;
  return createHmac("sha1", `${secret}&`).update(stringToSign).digest("base64");
}

const sha256hex = (s: string) => createHash("sha256").update(s).digest("hex");
const hmac = (key: string | Buffer, s: string) => createHmac("sha256", key).update(s).digest();

export function tencentAuthorization(o: { secretId: string; secretKey: string; host: string; action: string; body: string; timestamp: number; service?: string }) {
  const service = o.service ?? "sms";
  const date = new Date(o.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = "content-type;host;x-tc-action";
  const canonicalHeaders = `content-type:application/json; charset=utf-8\nhost:${o.host}\nx-tc-action:${o.action.toLowerCase()}\n`;
  const canonicalRequest = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${sha256hex(o.body)}`;
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${o.timestamp}\n${scope}\n${sha256hex(canonicalRequest)}`;
  const signing = hmac(hmac(hmac(`TC3${o.secretKey}`, date), service), "tc3_request");
  const signature = createHmac("sha256", signing).update(stringToSign).digest("hex");
  return `TC3-HMAC-SHA256 Credential=${o.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new SmsError(e instanceof Error && e.name === "TimeoutError" ? "timeout" : "network");
  }
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new SmsError(`http ${res.status}`);
  }
}

const safeCode = (v: unknown) => (typeof v === "string" ? v.replace(/[^\w.\-]/g, "").slice(0, 60) : "unknown");

export function aliyunSms(c: SmsConfig): SmsSender {
  const endpoint = c.endpoint ?? "https://dysmsapi.aliyuncs.com/";
  return {
    name: "aliyun",
    templateFor: (kind) => c.templates[kind] ?? null,
    async send(m) {
      const params: Record<string, string> = {
        AccessKeyId: c.accessKeyId,
        Action: "SendSms",
        Format: "JSON",
        PhoneNumbers: m.phone,
        RegionId: c.region ?? "cn-hangzhou",
        SignName: c.signName,
        SignatureMethod: "HMAC-SHA1",
        SignatureNonce: randomUUID(),
        SignatureVersion: "1.0",
        TemplateCode: m.templateCode.split(":")[0]!,
        TemplateParam: JSON.stringify(m.params),
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        Version: "2017-05-25",
      };
      const query = `Signature=${aliyunEncode(aliyunSignature(params, c.accessKeySecret))}&${Object.entries(params)
        .map(([k, v]) => `${aliyunEncode(k)}=${aliyunEncode(v)}`)
        .join("&")}`;
      const body = (await call(`${endpoint.replace(/\/?$/, "/")}?${query}`, { method: "GET" }, c.timeoutMs ?? 10_000)) as { Code?: unknown; BizId?: unknown };
      if (body.Code !== "OK") throw new SmsError(safeCode(body.Code));
      return { messageId: typeof body.BizId === "string" ? body.BizId : "" };
    },
  };
}

export function tencentSms(c: SmsConfig): SmsSender {
  const endpoint = new URL(c.endpoint ?? "https://sms.tencentcloudapi.com/");
  return {
    name: "tencent",
    templateFor: (kind) => c.templates[kind] ?? null,
    async send(m) {
      const phone = m.phone.startsWith("+") ? m.phone : `+86${m.phone}`;
      const [templateId, order] = m.templateCode.split(":");
      const keys = order ? order.split(",").map((k) => k.trim()) : Object.keys(m.params).sort();
      const body = JSON.stringify({ PhoneNumberSet: [phone], SmsSdkAppId: c.sdkAppId ?? "", SignName: c.signName, TemplateId: templateId, TemplateParamSet: keys.map((k) => m.params[k] ?? "") });
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-TC-Action": "SendSms",
        "X-TC-Version": "2021-01-11",
        "X-TC-Region": c.region ?? "ap-guangzhou",
        "X-TC-Timestamp": String(timestamp),
        Authorization: tencentAuthorization({ secretId: c.accessKeyId, secretKey: c.accessKeySecret, host: endpoint.host, action: "SendSms", body, timestamp }),
      };
      const res = (await call(endpoint.toString(), { method: "POST", headers, body }, c.timeoutMs ?? 10_000)) as {
        Response?: { Error?: { Code?: unknown }; SendStatusSet?: { Code?: unknown; SerialNo?: unknown }[] };
      };
      const r = res.Response;
      if (!r) throw new SmsError("bad response");
      if (r.Error) throw new SmsError(safeCode(r.Error.Code));
      const status = r.SendStatusSet?.[0];
      if (!status || status.Code !== "Ok") throw new SmsError(safeCode(status?.Code));
      return { messageId: typeof status.SerialNo === "string" ? status.SerialNo : "" };
    },
  };
}

export function smsSender(c: SmsConfig): SmsSender {
  return c.provider === "aliyun" ? aliyunSms(c) : tencentSms(c);
}
