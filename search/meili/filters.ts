/**
 * Meilisearch filter expressions built from whitelisted fields. Values are always quoted with
 * quotes and backslashes escaped, so a value can never close the string and add its own
 * condition (`" OR kind = "x`).
 */
export const quoteFilterValue = (v: string) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export function inFilter(field: "kind" | "districtCode" | "categories" | "status" | "orgId", values: readonly string[]): string {
  return `${field} IN [${values.map(quoteFilterValue).join(", ")}]`;
}

/** Meilisearch document ids allow [A-Za-z0-9_-]; anything else is hex-encoded. */
export function meiliDocId(kind: string, id: string) {
  return /^[A-Za-z0-9_-]{1,400}$/.test(id) ? `${kind}-${id}` : `${kind}-x${Buffer.from(id, "utf8").toString("hex")}`;
}
