/**
 * #11 "must show": every loader and action of the built app, called as each role, against the
 * allow/deny table checked in at test/safety/access-matrix.expected.ts. A route without a row fails;
 * so does any unexpected allow (or deny), any 5xx, and a refused form post that wrote anything.
 *
 * To see the table as the app answers today: INPUT_MATRIX_PRINT=1 (prints rows to paste and review).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import type { PrismaClient } from "~/generated/prisma/client";
import { countRows, createInputFixture, ROLES, type InputFixture, type Role } from "./input-fixture";
import { appRoutes, fillPath, outcomeOf, type AppRoute, type Outcome } from "./input-routes";
import { EXPECTED, type Access } from "./access-matrix.expected";

let app: TestApp;
let prisma: PrismaClient;
let fx: InputFixture;
let routes: AppRoute[];

beforeAll(async () => {
  app = await startTestApp();
  ({ prisma } = await import("~/utils/db.server"));
  fx = await createInputFixture(prisma, app.baseUrl);
  routes = await appRoutes();
}, 180_000);
afterAll(async () => app?.close());

const PRINT = Boolean(process.env.INPUT_MATRIX_PRINT);
const rowOf = (id: string) => EXPECTED[id] ?? {};
const urlOf = (r: AppRoute) => fillPath(rowOf(r.id).url ?? r.path, fx.params);
const allowed = (access: Access | undefined, role: Role) => Boolean(access?.includes(role));

type Result = { route: string; kind: "loader" | "action"; role: Role; status: number; outcome: Outcome; location?: string | null };

function mismatches(results: Result[]) {
  return results
    .filter((r) => {
      const row = rowOf(r.route);
      const want = allowed(r.kind === "loader" ? row.loader : row.action, r.role) ? "allow" : "deny";
      return r.outcome !== want;
    })
    .map((r) => `${r.kind} ${r.route} as ${r.role}: ${r.outcome} (${r.status}${r.location ? ` → ${r.location}` : ""})`);
}

/** Runs `fn` for each role in parallel, each role's requests one after another (one cookie jar each). */
async function perRole<T>(fn: (role: Role) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all(ROLES.map(fn))).flat();
}

function printTable(loaders: Result[], actions: Result[]) {
  const lines = routes.map((r) => {
    const pick = (rs: Result[]) => rs.filter((x) => x.route === r.id && x.outcome === "allow").map((x) => JSON.stringify(x.role));
    const parts = [];
    if (r.hasLoader) parts.push(`loader: [${pick(loaders).join(", ")}]`);
    if (r.hasAction) parts.push(`action: [${pick(actions).join(", ")}]`);
    return `  ${JSON.stringify(r.id)}: { ${parts.join(", ")} },`;
  });
  process.stdout.write(`\n${lines.join("\n")}\n`);
}

describe("role × route access matrix", () => {
  it("has a row for every route, and each row matches the route's loader and action", () => {
    const missing = routes.filter((r) => !EXPECTED[r.id]).map((r) => r.id);
    expect(missing, "routes without a row in test/safety/access-matrix.expected.ts").toEqual([]);
    const stale = Object.keys(EXPECTED).filter((id) => !routes.some((r) => r.id === id));
    expect(stale, "rows for routes that no longer exist").toEqual([]);
    for (const r of routes) {
      expect(EXPECTED[r.id]!.loader !== undefined, `${r.id}: loader column`).toBe(r.hasLoader);
      expect(EXPECTED[r.id]!.action !== undefined, `${r.id}: action column`).toBe(r.hasAction);
    }
  });

  it("answers every loader and action as the table says, with no unexpected allow, no 5xx, and no write by a refused post", async () => {
    const known = PRINT ? routes : routes.filter((r) => EXPECTED[r.id]);
    const loaders = await perRole(async (role) => {
      const out: Result[] = [];
      for (const r of known.filter((x) => x.hasLoader)) {
        const res = await fx.clients[role].get(urlOf(r), { followRedirects: false });
        await res.arrayBuffer();
        out.push({ route: r.id, kind: "loader", role, status: res.status, outcome: outcomeOf(res), location: res.headers.get("Location") });
      }
      return out;
    });

    // Actions: an empty form with a same-origin Origin. Refused posts first, all together, so the
    // row counts before and after show that none of them wrote anything.
    const post = async (r: AppRoute, role: Role): Promise<Result> => {
      const url = urlOf(r);
      const res = await fx.clients[role].post(r.index ? `${url}${url.includes("?") ? "&" : "?"}index` : url, {});
      await res.arrayBuffer();
      return { route: r.id, kind: "action", role, status: res.status, outcome: outcomeOf(res), location: res.headers.get("Location") };
    };
    const withAction = known.filter((x) => x.hasAction);
    // Signing out ends the session: that post goes last.
    const isLogout = (r: AppRoute) => r.id === "routes/auth+/logout";
    const ordered = [...withAction.filter((x) => !isLogout(x)), ...withAction.filter(isLogout)];
    const before = await countRows(prisma);
    const refused = await perRole(async (role) => {
      const out: Result[] = [];
      for (const r of ordered.filter((x) => !allowed(rowOf(x.id).action, role))) out.push(await post(r, role));
      return out;
    });
    const after = await countRows(prisma);
    const accepted = await perRole(async (role) => {
      const out: Result[] = [];
      for (const r of ordered.filter((x) => allowed(rowOf(x.id).action, role))) out.push(await post(r, role));
      return out;
    });
    const actions = [...refused, ...accepted];

    if (PRINT) {
      printTable(loaders, actions);
      process.stdout.write(`${[...loaders, ...actions].filter((r) => r.outcome !== "deny").map((r) => `${r.kind} ${r.route} ${r.role} ${r.status} ${r.location ?? ""}`).join("\n")}\n`);
    }

    const errors = [...loaders, ...actions].filter((r) => r.outcome === "error").map((r) => `${r.kind} ${r.route} as ${r.role}: ${r.status}`);
    expect(errors, "5xx answers").toEqual([]);
    const wrong = mismatches([...loaders, ...actions]);
    const unexpectedAllows = wrong.filter((w) => w.includes(": allow"));
    expect(unexpectedAllows, "unexpected allows").toEqual([]);
    expect(wrong, "unexpected denies").toEqual([]);
    expect(after, "rows written by refused posts").toEqual(before);
  }, 600_000);
});
