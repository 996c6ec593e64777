/**
 * Synonym groups shared by both engines: a query term in a group also matches the other terms.
 * Keep groups small and truly equivalent — a loose group floods results.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["老人", "老年人", "长者", "老年"],
  ["孩子", "儿童", "少儿", "小孩"],
  ["残障", "残疾人", "残疾"],
  ["扶贫", "帮扶", "脱贫", "助困"],
  ["养老", "助老", "敬老"],
  ["农产品", "农副产品", "土特产"],
  ["销售", "售卖", "助销", "销路"],
  ["买家", "采购", "收购", "购买"],
  ["急难", "紧急", "应急"],
  ["助学", "奖学", "资助学生"],
  ["志愿者", "义工"],
  ["捐款", "捐赠", "善款"],
  ["留守儿童", "留守孩子"],
  ["救灾", "灾害", "受灾"],
];

const index = new Map<string, readonly string[]>();
for (const group of SYNONYM_GROUPS) for (const term of group) index.set(term, group);

/** The other terms equivalent to `term` (empty when it has none). */
export function synonymsOf(term: string): string[] {
  const group = index.get(term);
  return group ? group.filter((t) => t !== term) : [];
}

/** Meilisearch's synonyms setting: every term maps to the rest of its group. */
export function meiliSynonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) for (const term of group) out[term] = group.filter((t) => t !== term);
  return out;
}
