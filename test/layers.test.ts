import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { checkLayers, formatViolation, readTree, type SourceTree } from "../scripts/check-layers";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

describe("layers (docs/decisions/010-layers.md)", () => {
  it("hold in this repository", () => {
    expect(checkLayers(readTree(root)).map(formatViolation)).toEqual([]);
  });

  const tree = (files: Record<string, string>): SourceTree => new Map(Object.entries(files));

  it("catches search/ importing a domain module, by alias, relative path, type-only, dynamic import or re-export", () => {
    const violations = checkLayers(
      tree({
        "search/a.server.ts": `import { NEED_STATUSES } from "~/modules/needs/types";`,
        "search/adapters/b.server.ts": `import type { Need } from "../../app/modules/needs/types";`,
        "search/c.server.ts": `export async function f() { return import("~/modules/funds/funds.server"); }`,
        "search/d.ts": `export { x } from "~/modules/campaigns/x";`,
        "search/e.ts": `type T = typeof import("~/modules/goods/y");`,
      }),
    );
    expect(violations.map((v) => v.file)).toEqual(["search/a.server.ts", "search/adapters/b.server.ts", "search/c.server.ts", "search/d.ts", "search/e.ts"]);
    expect(violations[1]).toMatchObject({ line: 1, target: "app/modules/needs/types" });
  });

  it("catches app/utils/ importing a domain module, tests included", () => {
    const violations = checkLayers(
      tree({
        "app/utils/forms.test.ts": `import { describe } from "vitest";\nimport { orgSchema } from "~/modules/organizations/schema";`,
        "app/utils/x.ts": `import { y } from "../modules/audit/audit.server";`,
      }),
    );
    expect(violations.map((v) => `${v.file}:${v.line}`)).toEqual(["app/utils/forms.test.ts:2", "app/utils/x.ts:1"]);
  });

  it("catches app/modules/ importing app/components/ or app/routes/", () => {
    const violations = checkLayers(
      tree({
        "app/modules/needs/need-form.tsx": `import { Field } from "~/components/form";\nexport const F = () => <Field />;`,
        "app/modules/funds/x.server.ts": `import { loader } from "../../routes/funds.$id";`,
      }),
    );
    expect(violations.map((v) => v.file)).toEqual(["app/modules/funds/x.server.ts", "app/modules/needs/need-form.tsx"]);
  });

  it("lets every layer use the kernel, packages and its own layer", () => {
    const violations = checkLayers(
      tree({
        "search/a.server.ts": `import { t } from "~/modules/i18n/i18n";\nimport { d } from "~/modules/districts/districts";\nimport { z } from "zod";\nimport { q } from "./query";\nimport { prisma } from "~/utils/db.server";`,
        "app/utils/format.ts": `import { Locale } from "~/modules/i18n/types";`,
        "app/modules/needs/needs.server.ts": `import { prisma } from "~/utils/db.server";\nimport { f } from "~/modules/funds/funds.server";`,
        "app/routes/needs.tsx": `import { NeedForm } from "~/components/need-form";\nimport { list } from "~/modules/needs/needs.server";`,
        "app/components/need-form.tsx": `import { NEED_STATUSES } from "~/modules/needs/types";`,
      }),
    );
    expect(violations).toEqual([]);
  });

  it("has every indexed kind's adapter registered with the search port by the search-outbox module", async () => {
    const { SEARCH_KINDS } = await import("../search/types");
    const { searchAdapters } = await import("~/modules/search-outbox/worker.server");
    expect(searchAdapters().map((a) => a.kind).sort()).toEqual([...SEARCH_KINDS].sort());
  });
});
