/**
 * Each role against each loader and action of the foundation: allowed, 403/404, or a redirect to
 * sign-in. Real HTTP through the built app on a fresh database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";
import { createUser } from "../support/factories/accounts";
import { createOrganization } from "../support/factories/organizations";
import type { PrismaClient } from "~/generated/prisma/client";

let app: TestApp;
let prisma: PrismaClient;
type Role = "anonymous" | "user" | "member" | "owner" | "otherOwner" | "staff" | "admin";
const clients = {} as Record<Role, TestClient>;
let approved: { id: string };
let pending: { id: string };
let privateFileId: string;

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  const users = {
    user: await createUser(prisma),
    member: await createUser(prisma),
    owner: await createUser(prisma),
    otherOwner: await createUser(prisma),
    staff: await createUser(prisma, { globalRole: "BUREAU_STAFF" }),
    admin: await createUser(prisma, { globalRole: "BUREAU_ADMIN" }),
  };
  approved = await createOrganization(prisma, { createdById: users.owner.id, members: [{ userId: users.member.id, role: "MEMBER" }] });
  pending = await createOrganization(prisma, { createdById: users.owner.id, status: "SUBMITTED", members: [{ userId: users.member.id, role: "MEMBER" }] });
  await createOrganization(prisma, { createdById: users.otherOwner.id });
  const file = await prisma.fileUpload.create({ data: { orgId: approved.id, purpose: "evidence", visibility: "PRIVATE", fileName: "诊断证明.pdf", mimeType: "application/pdf", size: 8, sha256: "x", data: new Uint8Array(Buffer.from("%PDF-1.4")) } });
  privateFileId = file.id;
  clients.anonymous = new TestClient(app.baseUrl);
  for (const [role, u] of Object.entries(users)) {
    clients[role as Role] = new TestClient(app.baseUrl);
    await clients[role as Role].signIn(u.email, u.password);
  }
});
afterAll(async () => app?.close());

type Expect = number | "login";
async function statusOf(role: Role, method: "GET" | "POST", path: string, form: Record<string, string> = {}): Promise<Expect> {
  const c = clients[role];
  const res = method === "GET" ? await c.get(path, { followRedirects: false }) : await c.post(path, form);
  if (res.status === 302 && (res.headers.get("Location") ?? "").startsWith("/auth/login")) return "login";
  return res.status;
}

const ROLES: Role[] = ["anonymous", "user", "member", "owner", "otherOwner", "staff", "admin"];
type Row = { name: string; method: "GET" | "POST"; path: () => string; form?: Record<string, string>; expect: Record<Role, Expect> };

const L = "login" as const;
const rows: Row[] = [
  { name: "directory", method: "GET", path: () => "/orgs", expect: { anonymous: 200, user: 200, member: 200, owner: 200, otherOwner: 200, staff: 200, admin: 200 } },
  { name: "approved profile", method: "GET", path: () => `/orgs/${approved.id}`, expect: { anonymous: 200, user: 200, member: 200, owner: 200, otherOwner: 200, staff: 200, admin: 200 } },
  { name: "pending profile", method: "GET", path: () => `/orgs/${pending.id}`, expect: { anonymous: 404, user: 404, member: 200, owner: 200, otherOwner: 404, staff: 200, admin: 200 } },
  { name: "registration form", method: "GET", path: () => "/orgs/new", expect: { anonymous: L, user: 200, member: 200, owner: 200, otherOwner: 200, staff: 200, admin: 200 } },
  { name: "registration post (invalid)", method: "POST", path: () => "/orgs/new", form: { name: "" }, expect: { anonymous: L, user: 400, member: 400, owner: 400, otherOwner: 400, staff: 400, admin: 400 } },
  { name: "org overview", method: "GET", path: () => `/org/${approved.id}`, expect: { anonymous: L, user: 403, member: 200, owner: 200, otherOwner: 403, staff: 200, admin: 200 } },
  { name: "org edit form", method: "GET", path: () => `/org/${approved.id}/edit`, expect: { anonymous: L, user: 403, member: 403, owner: 200, otherOwner: 403, staff: 403, admin: 403 } },
  { name: "org edit post (invalid)", method: "POST", path: () => `/org/${approved.id}/edit`, form: { name: "" }, expect: { anonymous: L, user: 403, member: 403, owner: 400, otherOwner: 403, staff: 403, admin: 403 } },
  { name: "members page", method: "GET", path: () => `/org/${approved.id}/members`, expect: { anonymous: L, user: 403, member: 200, owner: 200, otherOwner: 403, staff: 200, admin: 200 } },
  { name: "invite (invalid e-mail)", method: "POST", path: () => `/org/${approved.id}/members`, form: { intent: "invite", email: "not-an-email", role: "MEMBER" }, expect: { anonymous: L, user: 403, member: 403, owner: 400, otherOwner: 403, staff: 403, admin: 403 } },
  { name: "staff desk", method: "GET", path: () => "/staff", expect: { anonymous: L, user: 403, member: 403, owner: 403, otherOwner: 403, staff: 200, admin: 200 } },
  { name: "review queue", method: "GET", path: () => "/staff/reviews", expect: { anonymous: L, user: 403, member: 403, owner: 403, otherOwner: 403, staff: 200, admin: 200 } },
  { name: "review detail", method: "GET", path: () => `/staff/reviews/${pending.id}`, expect: { anonymous: L, user: 403, member: 403, owner: 403, otherOwner: 403, staff: 200, admin: 200 } },
  { name: "review decision (missing reason)", method: "POST", path: () => `/staff/reviews/${pending.id}`, form: { decision: "RETURN" }, expect: { anonymous: L, user: 403, member: 403, owner: 403, otherOwner: 403, staff: 400, admin: 400 } },
  { name: "registry export", method: "GET", path: () => "/staff/reviews/export", expect: { anonymous: L, user: 403, member: 403, owner: 403, otherOwner: 403, staff: 200, admin: 200 } },
  { name: "user roles", method: "GET", path: () => "/staff/users", expect: { anonymous: L, user: 403, member: 403, owner: 403, otherOwner: 403, staff: 403, admin: 200 } },
  { name: "my account", method: "GET", path: () => "/me", expect: { anonymous: L, user: 200, member: 200, owner: 200, otherOwner: 200, staff: 200, admin: 200 } },
  { name: "my profile", method: "GET", path: () => "/me/profile", expect: { anonymous: L, user: 200, member: 200, owner: 200, otherOwner: 200, staff: 200, admin: 200 } },
  { name: "my organizations", method: "GET", path: () => "/me/orgs", expect: { anonymous: L, user: 200, member: 200, owner: 200, otherOwner: 200, staff: 200, admin: 200 } },
  { name: "private file", method: "GET", path: () => `/files/${privateFileId}`, expect: { anonymous: 404, user: 404, member: 403, owner: 200, otherOwner: 404, staff: 200, admin: 200 } },
];

describe.each(rows)("$method $name", (row) => {
  it.each(ROLES)("as %s", async (role) => {
    expect(await statusOf(role, row.method, row.path(), row.form)).toBe(row.expect[role]);
  });
});

describe("registry export", () => {
  it("is a real .xlsx with the filters at the top and one row per matching registration", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const res = await clients.staff.get("/staff/reviews/export?status=SUBMITTED");
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell("A1").value)).toBe("社会组织登记名册");
    expect(String(ws.getCell("A2").value)).toBe("状态：待审核");
    const names: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 6) names.push(String(row.getCell(1).value));
    });
    const pendingOrg = await prisma.organization.findUniqueOrThrow({ where: { id: pending.id }, select: { name: true } });
    expect(names).toEqual([pendingOrg.name]);
  });
});

describe("state after refused actions", () => {
  it("nobody but staff changed the pending registration", async () => {
    const org = await prisma.organization.findUniqueOrThrow({ where: { id: pending.id }, select: { status: true } });
    expect(org.status).toBe("SUBMITTED");
  });
  it("an unknown organization is a 404, not a 500", async () => {
    expect(await statusOf("staff", "GET", "/staff/reviews/does-not-exist")).toBe(404);
    expect(await statusOf("owner", "GET", "/org/does-not-exist")).toBe(404);
    expect(await statusOf("anonymous", "GET", "/orgs/does-not-exist")).toBe(404);
  });
});
