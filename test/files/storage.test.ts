/**
 * #16.3 — object storage. With S3_* set, uploads go to S3-compatible storage (here a local fake that
 * verifies every SigV4 signature), not into the database row; a private file is handed out only as
 * a short-lived presigned link, and only after the server-side permission check; the link expires
 * and cannot be altered; public files are streamed through the app; `npm run files:migrate-to-s3`
 * moves database-stored files.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { startFakeS3, type FakeS3 } from "../support/fake-s3";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import type { PrismaClient } from "~/generated/prisma/client";

const run = promisify(execFile);
const BUCKET = "shanlian-test";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("not really an image, but sniffed as one")]);
const S3_VARS = ["S3_BUCKET", "S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE"];

let app: TestApp;
let s3: FakeS3;
let prisma: PrismaClient;
let owner: TestClient;
let member: TestClient;
let otherOrgOwner: TestClient;
let staff: TestClient;
let visitor: TestClient;
let orgId: string;
let ownerId: string;

function s3Env(): Record<string, string> {
  return { S3_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, S3_REGION: s3.region, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_FORCE_PATH_STYLE: "true" };
}

beforeAll(async () => {
  s3 = await startFakeS3();
  Object.assign(process.env, s3Env());
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const u = { owner: await createUser(prisma), member: await createUser(prisma), other: await createUser(prisma), staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }) };
  ownerId = u.owner.id;
  orgId = (await createOrganization(prisma, { createdById: u.owner.id, type: "FOUNDATION", members: [{ userId: u.member.id, role: "MEMBER" }] })).id;
  await createOrganization(prisma, { createdById: u.other.id });
  owner = new TestClient(app.baseUrl);
  await owner.signIn(u.owner.email, u.owner.password);
  member = new TestClient(app.baseUrl);
  await member.signIn(u.member.email, u.member.password);
  otherOrgOwner = new TestClient(app.baseUrl);
  await otherOrgOwner.signIn(u.other.email, u.other.password);
  staff = new TestClient(app.baseUrl);
  await staff.signIn(u.staff.email, u.staff.password);
  visitor = new TestClient(app.baseUrl);
});

afterAll(async () => {
  await app?.close();
  await s3?.close();
  for (const k of S3_VARS) delete process.env[k];
});

describe("a private upload with S3 storage", () => {
  let fileId: string;
  let key: string;

  it("is stored in the bucket, not in the database row", async () => {
    const fd = new FormData();
    for (const [k, v] of Object.entries({ isCharity: "on", publicFundraising: "on", fundraisingCertificate: "渝民募证字〔2024〕007号", note: "已取得公开募捐资格证书" })) fd.append(k, v);
    fd.append("document", new Blob([PDF], { type: "application/pdf" }), "公开募捐资格证书.pdf");
    const res = await owner.post(`/org/${orgId}/qualification`, fd, { followRedirects: false });
    expect(res.status).toBe(302);
    const row = await prisma.fileUpload.findFirstOrThrow({ where: { orgId, purpose: "qualification" }, select: { id: true, storage: true, storageKey: true, data: true, size: true, visibility: true } });
    expect(row).toMatchObject({ storage: "s3", data: null, size: PDF.length, visibility: "PRIVATE" });
    expect(row.storageKey).toMatch(/^qualification\/\d{4}-\d{2}\/[0-9a-f-]{36}$/);
    fileId = row.id;
    key = row.storageKey!;
    const object = s3.objects.get(`${BUCKET}/${key}`);
    expect(object?.body.equals(PDF)).toBe(true);
    expect(object?.contentType).toBe("application/pdf");
    // Written with a verified header signature, never through a link.
    expect(s3.log.filter((l) => l.method === "PUT")).toEqual([{ method: "PUT", path: `/${BUCKET}/${key}`, status: 200, presigned: false }]);
  });

  it("is refused to a visitor (404), another organization (404) and a plain member (403), with no link", async () => {
    for (const [client, status] of [[visitor, 404], [otherOrgOwner, 404], [member, 403]] as const) {
      const res = await client.get(`/files/${fileId}`, { followRedirects: false });
      expect(res.status).toBe(status);
      expect(res.headers.get("Location")).toBeNull();
      expect(await res.text()).not.toContain("X-Amz-Signature");
    }
    // Nothing was fetched from or signed for the bucket on their behalf.
    expect(s3.log.filter((l) => l.method === "GET")).toEqual([]);
  });

  it("gives the owner (and staff) a 302 to a 60-second signed link that the bucket serves with the file name", async () => {
    for (const client of [owner, staff]) {
      const res = await client.get(`/files/${fileId}`, { followRedirects: false });
      expect(res.status).toBe(302);
      expect(res.headers.get("Cache-Control")).toBe("private, no-store");
      const link = new URL(res.headers.get("Location")!);
      expect(link.origin).toBe(s3.endpoint);
      expect(link.pathname).toBe(`/${BUCKET}/${key}`);
      expect(link.searchParams.get("X-Amz-Expires")).toBe("60");
      expect(link.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
      const got = await fetch(link);
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(PDF)).toBe(true);
      expect(got.headers.get("Content-Disposition")).toBe(`attachment; filename="${"_".repeat(8)}.pdf"; filename*=UTF-8''${encodeURIComponent("公开募捐资格证书.pdf")}`);
      expect(got.headers.get("Content-Type")).toBe("application/pdf");
    }
  });

  it("refuses the link once expired, or with a tampered signature, key or file name", async () => {
    const res = await owner.get(`/files/${fileId}`, { followRedirects: false });
    const link = res.headers.get("Location")!;
    const sig = new URL(link).searchParams.get("X-Amz-Signature")!;
    const flipped = sig.slice(0, -1) + (sig.endsWith("0") ? "1" : "0");
    expect((await fetch(link.replace(sig, flipped))).status).toBe(403);
    expect((await fetch(link.replace(key, `${key.slice(0, -1)}x`))).status).toBe(403);
    expect((await fetch(link.replace("attachment", "inline"))).status).toBe(403);
    const unsigned = new URL(link);
    unsigned.search = "";
    expect((await fetch(unsigned)).status).toBe(403);
    // Still valid within the minute…
    s3.setClock(() => new Date(Date.now() + 50_000));
    expect((await fetch(link)).status).toBe(200);
    // …and refused after it.
    s3.setClock(() => new Date(Date.now() + 61_000));
    const expired = await fetch(link);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("Request has expired");
    s3.setClock(() => new Date());
  });
});

describe("a public upload with S3 storage", () => {
  it("is streamed through the app with a stable, cacheable URL", async () => {
    const { saveUpload } = await import("~/modules/files/uploads.server");
    const file = { fileName: "logo.png", mimeType: "image/png", data: PNG, sha256: createHash("sha256").update(PNG).digest("hex") };
    const { id } = await saveUpload(prisma, { orgId, uploadedById: ownerId, purpose: "org-logo", visibility: "PUBLIC", file });
    const row = await prisma.fileUpload.findUniqueOrThrow({ where: { id }, select: { storage: true, data: true, storageKey: true } });
    expect(row).toMatchObject({ storage: "s3", data: null });
    const res = await visitor.get(`/files/${id}`, { followRedirects: false });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=86400");
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });
});

describe("npm run files:migrate-to-s3", () => {
  it("moves database-stored files to the bucket, in batches, once", async () => {
    const made = [];
    for (let i = 0; i < 3; i++) {
      const data = Buffer.concat([PDF, Buffer.from(`migrated ${i}`)]);
      made.push(
        await prisma.fileUpload.create({
          data: { orgId, uploadedById: ownerId, purpose: "disbursement-evidence", visibility: "PRIVATE", fileName: `凭证${i}.pdf`, mimeType: "application/pdf", size: data.length, sha256: createHash("sha256").update(data).digest("hex"), storage: "db", data: new Uint8Array(data) },
          select: { id: true, data: true },
        }),
      );
    }
    // A database-stored file is served as before (streamed, no link).
    const before = await owner.get(`/files/${made[0]!.id}`, { followRedirects: false });
    expect(before.status).toBe(200);
    expect(Buffer.from(await before.arrayBuffer()).equals(Buffer.from(made[0]!.data!))).toBe(true);

    const env = { ...process.env, ...s3Env(), DATABASE_URL: app.databaseUrl, NODE_ENV: "test" as const };
    const first = await run("npx", ["tsx", "scripts/files-migrate-s3.ts", "--batch", "2"], { env, timeout: 120_000 });
    expect(first.stdout).toMatch(/batch 1, 2 moved, 1 left/);
    expect(first.stdout).toMatch(/batch 2, 3 moved, 0 left/);
    expect(first.stdout).toContain("3 files moved to S3");
    for (const m of made) {
      const row = await prisma.fileUpload.findUniqueOrThrow({ where: { id: m.id }, select: { storage: true, storageKey: true, data: true } });
      expect(row).toEqual({ storage: "s3", storageKey: `migrated/${m.id}`, data: null });
      expect(s3.objects.get(`${BUCKET}/migrated/${m.id}`)?.body.equals(Buffer.from(m.data!))).toBe(true);
    }
    expect(await prisma.fileUpload.count({ where: { storage: "db" } })).toBe(0);

    const again = await run("npx", ["tsx", "scripts/files-migrate-s3.ts"], { env, timeout: 120_000 });
    expect(again.stdout).toContain("0 files moved to S3");

    // And the moved file now goes through a signed link, after the check.
    expect((await visitor.get(`/files/${made[0]!.id}`, { followRedirects: false })).status).toBe(404);
    const res = await owner.get(`/files/${made[0]!.id}`, { followRedirects: false });
    expect(res.status).toBe(302);
    const got = await fetch(res.headers.get("Location")!);
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(made[0]!.data!))).toBe(true);
  });
});
