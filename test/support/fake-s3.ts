/**
 * A tiny S3-compatible server for tests: PutObject, GetObject, HeadObject and DeleteObject on
 * path-style URLs (`/<bucket>/<key>`), objects kept in memory. Every request must be signed with
 * AWS Signature Version 4 — in the Authorization header (what the SDK sends) or in the query string
 * (a presigned link) — and the signature is VERIFIED: the fake recomputes it with the SDK's own
 * signer (`@smithy/signature-v4`) from the request it received and the secret it knows, so a
 * tampered link, a wrong key or an expired link is refused with 403 as S3 would.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";

export type FakeS3Object = { body: Buffer; contentType: string };

export type FakeS3 = {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, FakeS3Object>;
  /** Requests answered, with their verdict, newest last (for assertions). */
  log: { method: string; path: string; status: number; presigned: boolean }[];
  /** The clock the fake checks expiry against (tests move it forward). */
  now: () => Date;
  setClock(now: () => Date): void;
  close(): Promise<void>;
};

/** The hash class the signer wants (the Checksum interface), on node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(toBuffer(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

const AUTH_QUERY = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"];

function parseAmzDate(s: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s ?? "");
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

function sameText(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function xmlError(res: ServerResponse, status: number, code: string, message: string) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { "Content-Type": "application/xml", "Content-Length": Buffer.byteLength(body) });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

export async function startFakeS3(opts: { region?: string; accessKeyId?: string; secretAccessKey?: string } = {}): Promise<FakeS3> {
  const region = opts.region ?? "cn-test-1";
  const accessKeyId = opts.accessKeyId ?? "FAKEACCESSKEY";
  const secretAccessKey = opts.secretAccessKey ?? "fake-secret-access-key-for-tests";
  const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey }, region, service: "s3", sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const objects = new Map<string, FakeS3Object>();
  const log: FakeS3["log"] = [];
  let now = () => new Date();

  /** Null when the signature holds, else the S3 error code and message. */
  async function verify(req: IncomingMessage, url: URL, body: Buffer): Promise<{ code: string; message: string; presigned: boolean } | null> {
    const rawPath = url.pathname;
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(",") : v;
    };
    const [host, port] = (header("host") ?? "").split(":");
    const base = { method: req.method ?? "GET", protocol: "http:", hostname: host ?? "", port: port ? Number(port) : undefined, path: rawPath };

    const presignedSignature = url.searchParams.get("X-Amz-Signature");
    if (presignedSignature) {
      const date = parseAmzDate(url.searchParams.get("X-Amz-Date") ?? undefined);
      const expires = Number(url.searchParams.get("X-Amz-Expires"));
      const credential = url.searchParams.get("X-Amz-Credential") ?? "";
      if (!date || !Number.isInteger(expires) || expires < 1 || !credential.startsWith(`${accessKeyId}/`)) return { code: "AccessDenied", message: "Malformed presigned request", presigned: true };
      if (now().getTime() > date.getTime() + expires * 1000) return { code: "AccessDenied", message: "Request has expired", presigned: true };
      if (date.getTime() > now().getTime() + 15 * 60_000) return { code: "AccessDenied", message: "Request is not valid yet", presigned: true };
      // The request as it was before signing: other x-amz-* query parameters were hoisted headers.
      const headers: Record<string, string> = {};
      const signedHeaders = (url.searchParams.get("X-Amz-SignedHeaders") ?? "").split(";").filter(Boolean);
      for (const h of signedHeaders) if (!h.startsWith("x-amz-")) headers[h] = header(h) ?? "";
      const rest: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(query)) {
        if (AUTH_QUERY.includes(k)) continue;
        if (k.toLowerCase().startsWith("x-amz-")) headers[k] = Array.isArray(v) ? v.join(",") : v;
        else rest[k] = v;
      }
      const expected = await signer.presign({ ...base, headers, query: rest }, { signingDate: date, expiresIn: expires });
      const expectedSig = String(expected.query?.["X-Amz-Signature"] ?? "");
      return sameText(expectedSig, presignedSignature) ? null : { code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided.", presigned: true };
    }

    const auth = header("authorization") ?? "";
    const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return { code: "AccessDenied", message: "Anonymous access is not allowed", presigned: false };
    if (!m[1]!.startsWith(`${accessKeyId}/`)) return { code: "InvalidAccessKeyId", message: "The access key does not exist", presigned: false };
    const date = parseAmzDate(header("x-amz-date"));
    if (!date || Math.abs(now().getTime() - date.getTime()) > 15 * 60_000) return { code: "RequestTimeTooSkewed", message: "The difference between the request time and the server's time is too large.", presigned: false };
    const payloadHash = header("x-amz-content-sha256") ?? "";
    if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== createHash("sha256").update(body).digest("hex")) return { code: "XAmzContentSHA256Mismatch", message: "The provided 'x-amz-content-sha256' header does not match what was computed.", presigned: false };
    const headers: Record<string, string> = {};
    for (const h of m[2]!.split(";")) headers[h] = header(h) ?? "";
    const expected = await signer.sign({ ...base, headers, query, body }, { signingDate: date });
    const expectedSig = /Signature=([0-9a-f]{64})/.exec(String(expected.headers?.authorization ?? ""))?.[1] ?? "";
    return sameText(expectedSig, m[3]!) ? null : { code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided.", presigned: false };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://fake-s3");
    const presigned = url.searchParams.has("X-Amz-Signature");
    const done = (status: number) => log.push({ method: req.method ?? "", path: url.pathname, status, presigned });
    const failure = await verify(req, url, body);
    if (failure) {
      done(403);
      return xmlError(res, 403, failure.code, failure.message);
    }
    const [, bucket, ...rest] = url.pathname.split("/");
    const key = rest.map(decodeURIComponent).join("/");
    if (!bucket || !key) {
      done(400);
      return xmlError(res, 400, "InvalidRequest", "Only object operations on path-style URLs are supported");
    }
    const id = `${bucket}/${key}`;
    switch (req.method) {
      case "PUT": {
        if (presigned) {
          done(403);
          return xmlError(res, 403, "AccessDenied", "Uploads through links are not allowed here");
        }
        objects.set(id, { body, contentType: String(req.headers["content-type"] ?? "application/octet-stream") });
        const etag = `"${createHash("md5").update(body).digest("hex")}"`;
        res.writeHead(200, { ETag: etag, "Content-Length": 0 });
        done(200);
        return res.end();
      }
      case "GET":
      case "HEAD": {
        const o = objects.get(id);
        if (!o) {
          done(404);
          return xmlError(res, 404, "NoSuchKey", "The specified key does not exist.");
        }
        const headers: Record<string, string | number> = {
          "Content-Type": url.searchParams.get("response-content-type") ?? o.contentType,
          "Content-Length": o.body.length,
          ETag: `"${createHash("md5").update(o.body).digest("hex")}"`,
        };
        const disposition = url.searchParams.get("response-content-disposition");
        if (disposition) headers["Content-Disposition"] = disposition;
        const cache = url.searchParams.get("response-cache-control");
        if (cache) headers["Cache-Control"] = cache;
        res.writeHead(200, headers);
        done(200);
        return res.end(req.method === "HEAD" ? undefined : o.body);
      }
      case "DELETE": {
        if (presigned) {
          done(403);
          return xmlError(res, 403, "AccessDenied", "Deletes through links are not allowed here");
        }
        objects.delete(id);
        res.writeHead(204);
        done(204);
        return res.end();
      }
      default:
        done(405);
        return xmlError(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      if (!res.headersSent) xmlError(res, 500, "InternalError", e.message.replace(/[<&]/g, ""));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    region,
    accessKeyId,
    secretAccessKey,
    objects,
    log,
    now: () => now(),
    setClock(clock) {
      now = clock;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
