/**
 * The host's view of its monthly gifts: who gives (display names of non-anonymous donors only —
 * never e-mails or accounts), expected monthly income, churn, and failures awaiting the donor.
 */
import { prisma } from "~/utils/db.server";
import { targetsOf } from "./targets.server";
import { addMonths, dbDate, periodOf, todayDate, ymdOf } from "./periods";

/** Counted as active: taking money (ACTIVE, or PAST_DUE while retries run), signed when a provider method. */
const activeWhere = (orgId: string) => ({ orgId, status: { in: ["ACTIVE", "PAST_DUE"] as ("ACTIVE" | "PAST_DUE")[] }, OR: [{ method: "REMINDER" as const }, { providerAgreementId: { not: null } }] });

/** Cancelled within [from, to) ÷ active at `from` (created before it, not cancelled before it). */
async function churn(orgId: string, from: Date, to: Date) {
  const started = { orgId, createdAt: { lt: from }, OR: [{ method: "REMINDER" as const }, { providerAgreementId: { not: null } }, { cancelledAt: { not: null } }] };
  const [activeAtStart, cancelled] = await Promise.all([
    prisma.monthlyGift.count({ where: { ...started, OR: undefined, AND: [{ OR: started.OR }, { OR: [{ cancelledAt: null }, { cancelledAt: { gte: from } }] }] } }),
    prisma.monthlyGift.count({ where: { orgId, createdAt: { lt: from }, cancelledAt: { gte: from, lt: to } } }),
  ]);
  return { activeAtStart, cancelled, percent: activeAtStart ? Math.round((cancelled / activeAtStart) * 1000) / 10 : 0 };
}

export async function hostMonthlyOverview(orgId: string) {
  const now = new Date();
  const today = todayDate(now);
  const [gifts, sum, pastDue] = await Promise.all([
    prisma.monthlyGift.findMany({
      where: activeWhere(orgId),
      select: { id: true, amountFen: true, status: true, dayOfMonth: true, nextChargeOn: true, method: true, donorName: true, anonymous: true, createdAt: true, campaignId: true, fundId: true },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 200,
    }),
    prisma.monthlyGift.aggregate({ where: activeWhere(orgId), _sum: { amountFen: true }, _count: true }),
    prisma.monthlyGift.findMany({
      where: { orgId, status: "PAST_DUE" },
      select: { id: true, amountFen: true, donorName: true, anonymous: true, lastFailureReason: true, lastFailureAt: true, failureCount: true, method: true },
      orderBy: { lastFailureAt: "desc" },
      take: 100,
    }),
  ]);
  const last30 = await churn(orgId, new Date(now.getTime() - 30 * 86_400_000), now);
  const months: { month: string; percent: number; cancelled: number; activeAtStart: number }[] = [];
  const current = periodOf(today);
  for (let i = 5; i >= 0; i--) {
    const month = addMonths(current, -i);
    // Month boundaries in Asia/Shanghai.
    const from = new Date(dbDate(`${month}-01`).getTime() - 8 * 3600_000);
    const to = new Date(dbDate(`${addMonths(month, 1)}-01`).getTime() - 8 * 3600_000);
    months.push({ month, ...(await churn(orgId, from, to)) });
  }
  const targetOf = await targetsOf(gifts);
  const name = (g: { anonymous: boolean; donorName: string }) => (g.anonymous ? null : g.donorName);
  return {
    activeCount: sum._count,
    expectedMonthlyFen: (sum._sum.amountFen ?? 0n).toString(),
    churn30: last30,
    churnByMonth: months,
    gifts: gifts.map((g) => ({
      id: g.id,
      donorName: name(g),
      amountFen: g.amountFen.toString(),
      status: g.status,
      method: g.method,
      dayOfMonth: g.dayOfMonth,
      nextChargeOn: ymdOf(g.nextChargeOn),
      target: targetOf(g),
    })),
    failures: pastDue.map((g) => ({ id: g.id, donorName: name(g), amountFen: g.amountFen.toString(), reason: g.lastFailureReason, at: g.lastFailureAt?.toISOString() ?? null, failureCount: g.failureCount, method: g.method })),
  };
}
