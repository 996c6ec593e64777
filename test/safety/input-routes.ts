/**
 * The routes of the built app (its route manifest) as URLs with the fixture's parameters, and how
 * an answer counts for access: shared by the role × route matrix and the fuzz test.
 */
import type { ServerBuild } from "@remix-run/node";
import { BUILD_PATH } from "../../scripts/lib/http-server";

export type AppRoute = { id: string; path: string; index: boolean; hasLoader: boolean; hasAction: boolean };

export async function appRoutes(): Promise<AppRoute[]> {
  const build = (await import(/* @vite-ignore */ BUILD_PATH)) as ServerBuild;
  const pathOf = (id: string): string => {
    const r = build.routes[id]!;
    const parent = r.parentId ? pathOf(r.parentId) : "";
    return r.path ? `${parent.replace(/\/$/, "")}/${r.path}` : parent;
  };
  return Object.values(build.routes)
    .map((r) => ({
      id: r.id,
      path: pathOf(r.id) || "/",
      index: Boolean(r.index),
      hasLoader: typeof r.module.loader === "function",
      hasAction: typeof r.module.action === "function",
    }))
    .filter((r) => r.hasLoader || r.hasAction)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Fills `:param`s; throws on one the fixture does not know, so a new kind of route is noticed. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`No fixture value for :${name} in ${path}: add it to test/safety/input-fixture.ts`);
    return encodeURIComponent(v);
  });
}

export type Outcome = "allow" | "deny" | "error";

/**
 * "deny": 401, 403, 404 (a record hidden from this person), or a redirect to the sign-in page.
 * "allow": any other answer below 500 (2xx, a redirect elsewhere, a 400 for an empty form — the
 * request got past the access check). "error": 5xx, always a failure.
 */
export function outcomeOf(res: Response): Outcome {
  if (res.status >= 500) return "error";
  if ([401, 403, 404].includes(res.status)) return "deny";
  if (res.status >= 300 && res.status < 400 && new URL(res.headers.get("Location") ?? "/", "http://x").pathname === "/auth/login") return "deny";
  return "allow";
}
