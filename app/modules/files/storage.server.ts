import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { prisma, type Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/**
 * The storage port: where the bytes of an upload live. Two adapters:
 *
 * - `db` (the default): the bytes sit in `FileUpload.data`, the key is the row's id. It works across
 *   several app processes and is backed up with the database; a local-disk adapter would not be
 *   shared between processes and is deliberately absent.
 * - `s3`: any S3-compatible store (AWS S3, MinIO, Aliyun OSS, Tencent COS) when `S3_BUCKET` is set.
 *   Objects are private; readers get short-lived presigned GET links, never a public bucket URL.
 */
export type StorageKind = "db" | "s3";

export type SignedUrlOptions = { expiresIn: number; fileName: string; disposition: "inline" | "attachment"; mimeType?: string };

export interface ObjectStorage {
  readonly kind: StorageKind;
  put(key: string, bytes: Uint8Array, mime: string): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  remove(key: string): Promise<void>;
  /** A link the browser may follow for `expiresIn` seconds, or null when the adapter cannot sign (db). */
  signedUrl(key: string, opts: SignedUrlOptions): Promise<string | null>;
}

/** The database adapter: the key is the FileUpload id, the bytes its `data` column. */
export function databaseStorage(client: Db = prisma): ObjectStorage {
  return {
    kind: "db",
    async put(key, bytes) {
      await client.fileUpload.update({ where: { id: key }, data: { data: new Uint8Array(bytes), storage: "db", storageKey: null }, select: { id: true } });
    },
    async get(key) {
      const row = await client.fileUpload.findUnique({ where: { id: key }, select: { data: true } });
      return row?.data ? Buffer.from(row.data) : null;
    },
    async remove() {
      // The bytes are the row's: they go when the row is deleted.
    },
    async signedUrl() {
      return null;
    },
  };
}

export type S3Settings = {
  bucket: string;
  endpoint?: string;
  publicEndpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
};

/** `filename*=UTF-8''…` (RFC 6266/5987), with a plain ASCII fallback for old clients. */
export function contentDisposition(disposition: "inline" | "attachment", fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function clientConfig(s: S3Settings, endpoint: string | undefined): S3ClientConfig {
  return {
    region: s.region,
    endpoint,
    forcePathStyle: s.forcePathStyle,
    credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
    // MinIO, OSS and COS do not all accept the SDK's newer default checksum headers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

/** The S3 adapter. */
export function s3Storage(s: S3Settings): ObjectStorage {
  const client = new S3Client(clientConfig(s, s.endpoint));
  // Signed links carry the host browsers reach, which inside a compose network may differ.
  const signer = s.publicEndpoint && s.publicEndpoint !== s.endpoint ? new S3Client(clientConfig(s, s.publicEndpoint)) : client;
  return {
    kind: "s3",
    async put(key, bytes, mime) {
      await client.send(new PutObjectCommand({ Bucket: s.bucket, Key: key, Body: bytes, ContentType: mime, ContentLength: bytes.length }));
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: key }));
        if (!res.Body) return null;
        return Buffer.from(await res.Body.transformToByteArray());
      } catch (e) {
        if (e instanceof NoSuchKey || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
        throw e;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: key }));
    },
    async signedUrl(key, opts) {
      const command = new GetObjectCommand({
        Bucket: s.bucket,
        Key: key,
        ResponseContentDisposition: contentDisposition(opts.disposition, opts.fileName),
        ResponseContentType: opts.mimeType,
        ResponseCacheControl: "private, no-store",
      });
      return getSignedUrl(signer, command, { expiresIn: opts.expiresIn });
    },
  };
}

export function s3SettingsFromEnv(): S3Settings | null {
  const env = getEnv();
  if (!env.S3_BUCKET) return null;
  return {
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT,
    publicEndpoint: env.S3_PUBLIC_ENDPOINT,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}

let cachedS3: ObjectStorage | null | undefined;

/** The S3 adapter when configured, else null. */
export function configuredS3(): ObjectStorage | null {
  if (cachedS3 === undefined) {
    const settings = s3SettingsFromEnv();
    cachedS3 = settings ? s3Storage(settings) : null;
  }
  return cachedS3;
}

/** Where new uploads go: S3 when `S3_BUCKET` is set, else the database. */
export function uploadStorage(client: Db = prisma): ObjectStorage {
  return configuredS3() ?? databaseStorage(client);
}

/** The adapter that holds an existing file. */
export function storageOf(kind: string, client: Db = prisma): ObjectStorage {
  if (kind !== "s3") return databaseStorage(client);
  const s3 = configuredS3();
  if (!s3) throw new Error("A file is stored in S3 but S3_BUCKET is not set.");
  return s3;
}
