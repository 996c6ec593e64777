/**
 * Demo monthly gifts (月捐): the demo donor and two volunteers give monthly to community funds by the
 * reminder method (no recurring provider in a demo install). Past months are paid through the same
 * path a donor takes — the reminder's pay link opens a checkout, completed on the local test
 * checkout and recorded by the signed webhook path — so gifts, charges, donations and the ledger
 * agree by construction. One gift is paused and one cancelled, so the host's page shows churn.
 * Skipped when payments go to a real provider.
 */
import type { PrismaClient } from "~/generated/prisma/client";
import type { SeedContext } from "../seed";

const GIFTS = [
  { user: "donorTang", fund: "社区阳光基金·黔江区", yuan: 100, day: 5, paidMonths: 3, then: "active" as const },
  { user: "volunteerXu", fund: "留守儿童关爱专项基金", yuan: 50, day: 12, paidMonths: 2, then: "paused" as const },
  { user: "volunteerHe", fund: "社区阳光基金·万州区", yuan: 30, day: 20, paidMonths: 1, then: "cancelled" as const },
];

export async function seed(prisma: PrismaClient, ctx: SeedContext) {
  const { paymentMode } = await import("~/utils/env.server");
  if (paymentMode() !== "test") {
    ctx.log("  monthly gifts skipped: payments are not on the local test checkout");
    return;
  }
  const { startGift, payReminder, pauseGift, cancelGift } = await import("~/modules/monthly/gifts.server");
  const { chargeFor } = await import("~/modules/monthly/charges.server");
  const { addMonths, periodOf, todayDate } = await import("~/modules/monthly/periods");
  const { completeTestCheckout } = await import("~/modules/payments/test-checkout-complete.server");
  const origin = "http://localhost:3000";
  const current = periodOf(todayDate());

  for (const g of GIFTS) {
    const user = ctx.users[g.user];
    const fund = await prisma.fund.findFirst({ where: { name: g.fund, status: "ACTIVE" }, select: { id: true } });
    if (!user || !fund) continue;
    const donor = { id: user.id, displayName: user.displayName, email: user.email };
    const { giftId } = await startGift(donor, { fundId: fund.id, campaignId: undefined, amount: BigInt(g.yuan * 100), dayOfMonth: g.day, donorName: undefined, anonymous: false }, origin);
    for (let m = g.paidMonths; m >= 1; m--) {
      const period = addMonths(current, -m);
      await prisma.$transaction((tx) => chargeFor(tx, { id: giftId, amountFen: BigInt(g.yuan * 100) }, period));
      const { redirectUrl } = await payReminder(donor, giftId, period, origin);
      await completeTestCheckout(redirectUrl.split("/").pop()!, "paid");
    }
    if (g.then === "paused") await pauseGift(user.id, giftId, addMonths(current, 2));
    if (g.then === "cancelled") await cancelGift(user.id, giftId, "换了一种方式捐赠");
  }
}
