/** `npm run db:seed`: loads the demo data, only into an empty database. */
import { ensurePostgres } from "./lib/postgres";
import { applyMigrations } from "./lib/migrate";

const db = await ensurePostgres();
process.env.DATABASE_URL = db.url;
await applyMigrations(db.url);
const { prisma } = await import("~/utils/db.server");
const { isDatabaseEmpty, runSeed } = await import("../prisma/seed");
if (!(await isDatabaseEmpty(prisma))) {
  console.log("The database already has users; demo data is loaded only into an empty database.");
} else {
  const ctx = await runSeed(prisma);
  for (const c of ctx.credentials) console.log(`  ${c.role}: ${c.email} / ${c.password}`);
}
await prisma.$disconnect();
await db.stop();
