/**
 * Each page its own <title> (#12.7k): "page · organization · 善联", in the reader's language (the root
 * loader's locale). Detail pages may put their record's name first.
 */
import type { MetaFunction } from "@remix-run/node";
import { makeT, type Locale } from "./i18n";

type Match = { id: string; data: unknown };

const field = (data: unknown, ...path: string[]) => {
  let node: unknown = data;
  for (const p of path) node = node && typeof node === "object" ? (node as Record<string, unknown>)[p] : undefined;
  return typeof node === "string" && node ? node : undefined;
};

export function titleFor(matches: readonly Match[], key: string | null, detail?: string) {
  const t = makeT((field(matches.find((m) => m.id === "root")?.data, "locale") ?? "zh-CN") as Locale);
  // Pages under /org/:orgId name the organization (its layout loads it).
  const org = field(matches.find((m) => m.id.endsWith("$orgId+/_layout"))?.data, "org", "name");
  return [detail, key ? t(key) : undefined, org, t("common.app.name")].filter(Boolean).join(" · ");
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loader data differs per route; `detail` reads what it needs.
export function pageTitle(key: string | null, detail?: (data: any) => string | undefined): MetaFunction {
  return ({ data, matches }) => [{ title: titleFor(matches as readonly Match[], key, detail?.(data)) }];
}
