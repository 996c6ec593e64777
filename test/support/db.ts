// Per-test-file databases, cloned from the template that test/support/global-setup.ts migrated.
//
//   const db = await createTestDatabase();   // in beforeAll
//   const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
//   …
//   await prisma.$disconnect(); await db.drop();   // in afterAll
//
// Cloning (CREATE DATABASE … TEMPLATE) takes tens of milliseconds, so every test file gets a
// fully migrated database of its own and files can run in parallel without sharing rows.
import { inject } from "vitest";

import { createScratchDatabase, type ScratchDatabase } from "../../scripts/lib/migrate";

/** What global-setup hands to the test workers (Vitest `provide` / `inject`). */
export interface TestDatabaseServer {
  /** Maintenance URL (database `postgres`) of the server the tests use. */
  serverUrl: string;
  /** Migrated template database to clone. */
  template: string;
  /** Name prefix of this run's databases, so teardown can find leftovers. */
  prefix: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseServer: TestDatabaseServer;
  }
}

export type TestDatabase = ScratchDatabase;

/** A new database with all migrations applied (a clone of the template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { serverUrl, template, prefix } = inject("testDatabaseServer");
  return createScratchDatabase(serverUrl, { prefix, template });
}

/** A new, completely empty database (no migrations), e.g. to test migrations themselves. */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  const { serverUrl, prefix } = inject("testDatabaseServer");
  return createScratchDatabase(serverUrl, { prefix });
}

/** Maintenance URL of the test server, for tests that manage databases themselves. */
export function testServerUrl(): string {
  return inject("testDatabaseServer").serverUrl;
}
