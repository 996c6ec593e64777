import { ensurePostgres } from "./postgres";

/**
 * Runs one cron job against the application database (DATABASE_URL, or the embedded server) and
 * prints its one-line report. The application modules are imported by `work` after DATABASE_URL
 * is set, so their configuration sees it.
 */
export async function runJob(work: () => Promise<string>) {
  const pg = await ensurePostgres({ log: () => {} });
  process.env.DATABASE_URL ??= pg.url;
  const { prisma } = await import("../../app/utils/db.server");
  try {
    console.log(await work());
  } finally {
    await prisma.$disconnect();
    await pg.stop();
  }
}
