/**
 * `npm run admin:create -- --email a@b.cn [--name 张三] [--password …] [--role BUREAU_ADMIN|BUREAU_STAFF]`
 * creates a bureau account. Without --password a random one is generated and printed once.
 *
 * An existing account is never changed silently: changing its role needs --promote, and the
 * operator says what happens to its password (--password … sets a new one and signs out its
 * sessions, --keep-password keeps it). At a terminal, a missing flag is asked for instead
 * (type "yes"); without one (cron, CI) the command refuses.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { runScript } from "./lib/bootstrap";
import { generatePassword } from "./lib/demo";

const USAGE =
  "Usage: npm run admin:create -- --email admin@example.cn [--name 张三] [--password …] [--role BUREAU_ADMIN|BUREAU_STAFF]\n" +
  "       existing account: add --promote to change its role, and --password … or --keep-password";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
    role: { type: "string", default: "BUREAU_ADMIN" },
    promote: { type: "boolean", default: false },
    "keep-password": { type: "boolean", default: false },
  },
});
const args = z
  .object({
    email: z.email(),
    name: z.string().min(1).max(40).default("民政局管理员"),
    password: z.string().min(8).max(128).optional(),
    role: z.enum(["BUREAU_ADMIN", "BUREAU_STAFF"]),
    promote: z.boolean(),
    "keep-password": z.boolean(),
  })
  .refine((a) => !(a.password && a["keep-password"]), { message: "--password and --keep-password exclude each other" })
  .safeParse(values);
if (!args.success) {
  console.error(`${args.error.issues.map((i) => i.message).join("; ")}\n${USAGE}`);
  process.exit(2);
}
const opts = args.data;

/** Asks at a terminal; refuses (false) without one. */
async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} Type "yes" to continue: `)).trim().toLowerCase() === "yes";
  } finally {
    rl.close();
  }
}

runScript("admin:create", async () => {
  const { prisma } = await import("~/utils/db.server");
  const { hashPassword } = await import("~/modules/accounts/password.server");
  const email = opts.email.toLowerCase();
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true, globalRole: true } });

  if (!existing) {
    const password = opts.password ?? generatePassword();
    const user = await prisma.user.create({ data: { email, displayName: opts.name, passwordHash: await hashPassword(password), globalRole: opts.role } });
    await prisma.auditLog.create({ data: { actorId: null, action: "user.admin_created_cli", entityType: "User", entityId: user.id, after: { email, globalRole: opts.role } } });
    console.log(`Created ${opts.role} ${email}${opts.password ? "" : ` with password: ${password}`}`);
    return 0;
  }

  const roleChange = existing.globalRole !== opts.role;
  const unconfirmed: string[] = [];
  if (roleChange && !opts.promote) unconfirmed.push(`change its role from ${existing.globalRole} to ${opts.role} (--promote)`);
  if (!opts.password && !opts["keep-password"]) unconfirmed.push("keep its current password, which someone else may know (--keep-password, or --password … to set a new one)");
  if (unconfirmed.length) {
    const question = `${email} already exists. This would ${unconfirmed.join(" and ")}.`;
    if (!(await confirm(question))) {
      console.error(`${question}\nNothing changed. Pass the flags named above to confirm.\n${USAGE}`);
      return 1;
    }
  }
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: existing.id },
      data: { globalRole: opts.role, ...(opts.password ? { passwordHash: await hashPassword(opts.password), passwordChangedAt: now } : {}) },
    });
    // A new password signs the account out everywhere: whoever knew the old one loses access.
    if (opts.password) await tx.session.deleteMany({ where: { userId: existing.id } });
    await tx.auditLog.create({
      data: {
        actorId: null,
        action: "user.admin_updated_cli",
        entityType: "User",
        entityId: existing.id,
        before: { globalRole: existing.globalRole },
        after: { globalRole: opts.role, passwordReset: Boolean(opts.password) },
      },
    });
  });
  console.log(`${email} is ${opts.role}.${opts.password ? " Password set; its sessions were signed out." : " Password kept."}`);
  return 0;
});
