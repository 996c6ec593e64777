// Runs `prisma generate` without the native schema engine download, which is
// unreachable on machines without general network access. `generate` never
// executes the engine, it only checks that the configured file exists, so we
// point it at the Node binary itself.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
if (!existsSync("prisma/schema.prisma")) process.exit(0);
const res = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(res.status ?? 1);
