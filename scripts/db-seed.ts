/**
 * `npm run db:seed`: loads the demo data, only in demo mode (the embedded database, or SEED_DEMO=1
 * for a DATABASE_URL database) and only into an empty database.
 */
import { runScript } from "./lib/bootstrap";
import { seedDemoData } from "./lib/demo";

runScript("db:seed", async ({ demoMode }) => {
  const outcome = await seedDemoData({ log: console.log, demoMode });
  if (outcome === "not-demo") {
    console.error("DATABASE_URL is set: demo data is never loaded into it by default. Set SEED_DEMO=1 to load it into an empty database.");
    return 1;
  }
  if (outcome === "not-empty") console.log("The database already has users; demo data is loaded only into an empty database.");
  return 0;
});
