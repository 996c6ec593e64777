/**
 * Products in the matching of consumption-aid needs: a CONSUMPTION_AID need (produce needing buyers)
 * is shown the listed products that match it by full text on the produce name (the need's title when
 * no produce is named) through the search port, those from the need's own district first, then
 * neighbouring districts, then the rest by relevance.
 */
import { prisma } from "~/utils/db.server";
import { areNeighbours } from "~/modules/districts/neighbours";
import { catchUpSearchIndex } from "~/modules/search-outbox/worker.server";
import { productCards, type ProductCard } from "~/modules/products/catalogue.server";
import { refreshCertificationsDaily } from "~/modules/products/certification-refresh.server";
import { getSearchEngine } from "../../../search/engine.server";
import type { SearchEngine } from "../../../search/types";

export type ProductMatch = ProductCard & { sameDistrict: boolean };

export async function productsForNeed(needId: string, limit = 6, opts: { engine?: SearchEngine } = {}): Promise<ProductMatch[]> {
  const need = await prisma.need.findUnique({ where: { id: needId }, select: { category: true, title: true, produceName: true, districtCode: true } });
  if (!need || need.category !== "CONSUMPTION_AID") return [];
  const text = (need.produceName ?? "").trim() || need.title;
  if (!opts.engine) {
    await refreshCertificationsDaily();
    await catchUpSearchIndex();
  }
  const engine = opts.engine ?? getSearchEngine();
  const result = await engine.search({ q: text.slice(0, 100), filters: { kind: ["product"] }, sort: "relevance", page: 1, pageSize: 30, facets: false });
  const rank = (d: string | null) => (d === need.districtCode ? 0 : d && areNeighbours(d, need.districtCode) ? 1 : 2);
  // A stable sort: within each tier the engine's relevance order stays.
  const ordered = result.hits.map((h, i) => ({ h, i })).sort((a, b) => rank(a.h.districtCode) - rank(b.h.districtCode) || a.i - b.i).slice(0, limit);
  const cards = await productCards(ordered.map((o) => o.h.id));
  return cards.map((c) => ({ ...c, sameDistrict: c.originDistrictCode === need.districtCode }));
}
