/**
 * `npm run admin:create -- --email a@b.cn --name 张三 [--password …]`: creates a bureau admin
 * (or promotes an existing account). Without --password a random one is generated and printed once.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ensurePostgres } from "./lib/postgres";
import { applyMigrations } from "./lib/migrate";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, password: { type: "string" }, role: { type: "string", default: "BUREAU_ADMIN" } } });
const args = z
  .object({ email: z.email(), name: z.string().min(1).max(40).default("民政局管理员"), password: z.string().min(8).max(128).optional(), role: z.enum(["BUREAU_ADMIN", "BUREAU_STAFF"]) })
  .safeParse(values);
if (!args.success) {
  console.error("Usage: npm run admin:create -- --email admin@example.cn [--name 张三] [--password …] [--role BUREAU_ADMIN|BUREAU_STAFF]");
  process.exit(2);
}
const db = await ensurePostgres();
process.env.DATABASE_URL = db.url;
await applyMigrations(db.url);
const { prisma } = await import("~/utils/db.server");
const { hashPassword } = await import("~/modules/accounts/password.server");
const password = args.data.password ?? randomBytes(9).toString("base64url");
const email = args.data.email.toLowerCase();
const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
if (existing) {
  await prisma.user.update({ where: { id: existing.id }, data: { globalRole: args.data.role, ...(args.data.password ? { passwordHash: await hashPassword(password) } : {}) } });
  console.log(`${email} is now ${args.data.role}.${args.data.password ? " Password updated." : ""}`);
} else {
  await prisma.user.create({ data: { email, displayName: args.data.name, passwordHash: await hashPassword(password), globalRole: args.data.role } });
  console.log(`Created ${args.data.role} ${email}${args.data.password ? "" : ` with password: ${password}`}`);
}
await prisma.auditLog.create({ data: { actorId: null, action: "user.admin_created_cli", entityType: "User", entityId: email } });
await prisma.$disconnect();
await db.stop();
