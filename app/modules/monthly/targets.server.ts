import { prisma, type Db } from "~/utils/db.server";

export type GiftTargetView = { href: string; title: string };

/**
 * Titles and links of the campaigns and funds some gifts go to (MonthlyGift keeps the ids without
 * relations), looked up in two queries.
 */
export async function targetsOf(gifts: { campaignId: string | null; fundId: string | null }[], db: Db = prisma) {
  const campaignIds = [...new Set(gifts.map((g) => g.campaignId).filter((id): id is string => Boolean(id)))];
  const fundIds = [...new Set(gifts.map((g) => g.fundId).filter((id): id is string => Boolean(id)))];
  const [campaigns, funds] = await Promise.all([
    campaignIds.length ? db.campaign.findMany({ where: { id: { in: campaignIds } }, select: { id: true, title: true } }) : [],
    fundIds.length ? db.fund.findMany({ where: { id: { in: fundIds } }, select: { id: true, name: true } }) : [],
  ]);
  const c = new Map(campaigns.map((x) => [x.id, x.title]));
  const f = new Map(funds.map((x) => [x.id, x.name]));
  return (g: { campaignId: string | null; fundId: string | null }): GiftTargetView | null =>
    g.campaignId && c.has(g.campaignId) ? { href: `/campaigns/${g.campaignId}`, title: c.get(g.campaignId)! } : g.fundId && f.has(g.fundId) ? { href: `/funds/${g.fundId}`, title: f.get(g.fundId)! } : null;
}
