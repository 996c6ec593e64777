// Vitest global setup: one PostgreSQL server for the whole run and a migrated template database
// that test files clone (test/support/db.ts).
//
// Server: TEST_DATABASE_URL or DATABASE_URL when set (only its server is used: we create and
// drop our own databases there); otherwise a throwaway embedded cluster in the OS temp dir on
// a free port, deleted at the end, so a run never touches .data/postgres or a running dev server.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import type { TestProject } from "vitest/node";

import { applyMigrations, dropDatabase } from "../../scripts/lib/migrate";
import {
  createDatabaseIfMissing,
  errorText,
  freePort,
  redact,
  startEmbeddedPostgres,
  withClient,
  withDatabase,
  type PostgresHandle,
} from "../../scripts/lib/postgres";
import type { TestDatabaseServer } from "./db";

const TEMPLATE = "shanlian_template";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const runId = randomBytes(3).toString("hex");
  const external = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;

  let server: PostgresHandle;
  let dataDir: string | undefined;
  if (external) {
    const serverUrl = withDatabase(external, "postgres");
    server = { url: serverUrl, serverUrl, embedded: false, stop: async () => {} };
  } else {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "shanlian-test-pg-"));
    dataDir = dir;
    server = await startTestCluster(dir).catch(async (error: unknown) => {
      await fs.rm(dir, { recursive: true, force: true });
      throw error;
    });
  }

  // On a shared server another run may be using `shanlian_template`: give each run its own.
  const template = external ? `${TEMPLATE}_${runId}` : TEMPLATE;
  const prefix = `shanlian_test_${runId}`;
  try {
    await dropDatabase(server.serverUrl, template); // left over by an interrupted run
    await createDatabaseIfMissing(server.serverUrl, template);
    const applied = await applyMigrations(withDatabase(server.serverUrl, template));
    await withClient(server.serverUrl, (client) =>
      // A template nobody can connect to can always be cloned (otherwise CREATE DATABASE fails
      // with "source database is being accessed by other users").
      client.query(`ALTER DATABASE "${template}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`),
    );
    const where = external ? redact(server.serverUrl) : `embedded, port ${new URL(server.serverUrl).port}`;
    console.log(
      `Test PostgreSQL ready (${where}): template ${template} with ${applied.length} migration(s) in ${Date.now() - started} ms`,
    );
  } catch (error) {
    await teardown(server, dataDir, template, prefix).catch(() => {});
    throw new Error(`Test database setup failed: ${errorText(error)}`, { cause: error });
  }

  const provided: TestDatabaseServer = { serverUrl: server.serverUrl, template, prefix };
  project.provide("testDatabaseServer", provided);
  return () => teardown(server, dataDir, template, prefix);
}

async function startTestCluster(dataDir: string): Promise<PostgresHandle> {
  // A free port can be taken between our probe and postgres binding it: try a few.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedPostgres({
        dataDir,
        port: await freePort(),
        password: randomBytes(12).toString("hex"),
        log: () => {},
        // Durability is pointless for a cluster deleted after the run; this makes DDL and
        // CREATE DATABASE much faster.
        initdbFlags: ["--no-sync"],
        postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
      });
    } catch (error) {
      if (attempt >= 3 || !/already in use|could not bind/i.test(errorText(error))) throw error;
    }
  }
}

async function teardown(server: PostgresHandle, dataDir: string | undefined, template: string, prefix: string) {
  if (dataDir) {
    // The whole cluster goes away: no need to drop databases one by one.
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
    return;
  }
  // Shared server: remove this run's databases, including ones a test forgot to drop.
  const leftovers = await withClient(server.serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [prefix],
    );
    return rows.map((r) => r.datname);
  });
  for (const name of [...leftovers, template]) await dropDatabase(server.serverUrl, name);
}
