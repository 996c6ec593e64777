import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Same as tsconfig's "~/*" → "./app/*".
    alias: [{ find: /^~\//, replacement: fileURLToPath(new URL("./app/", import.meta.url)) }],
  },
  test: {
    include: ["app/**/*.test.ts", "search/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    // Child processes rather than worker threads: native addons (argon2, jieba) and the
    // schema engine's WASM are happier with one process per worker.
    pool: "forks",
    // The machines have 2 cores; PostgreSQL needs some CPU too.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    // Browser journeys poll the page; on a loaded 2-core machine a page can take seconds.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup.ts"],
  },
});
