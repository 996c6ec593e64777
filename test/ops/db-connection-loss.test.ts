/**
 * The database may close the app's idle connections at any time (a restart, a failover, an
 * administrator's pg_terminate_backend). The app must log it and carry on with new connections,
 * not die of an unhandled "error" event — also when the only reads so far went through the pg pool
 * directly (the campaign listing), before Prisma attached listeners of its own.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TestClient, type TestApp } from "../support/app";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function terminateOthers(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const res = await admin.query(
      "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    return res.rows[0].n as number;
  } finally {
    await admin.end();
  }
}

describe("losing the database's connections", () => {
  it("keeps serving pages after the server closed every idle connection of the pool", async () => {
    const client = new TestClient(app.baseUrl);
    const before = await client.get("/campaigns");
    expect(before.status).toBe(200);
    const listing = await before.text();

    expect(await terminateOthers(app.databaseUrl)).toBeGreaterThan(0);
    // Let the closed sockets reach the pool (its "error" events fire on the next turns).
    await new Promise((r) => setTimeout(r, 200));

    const after = await client.get("/campaigns");
    expect(after.status).toBe(200);
    expect(await after.text()).toBe(listing);
    const project = await client.get("/projects");
    expect(project.status).toBe(200);
  });
});
