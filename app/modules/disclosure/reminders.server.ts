/**
 * Reminds hosts of disclosures due within 14 days or overdue: the owner and finance members, in
 * the app and by e-mail (notify queues both). At most once per state: a target is reminded when
 * it entered "dueSoon" or "overdue" after its last reminder (disclosureRemindedAt). Filing a
 * disclosure resets the reminder; running the job again the same day sends nothing. Run daily:
 * `npm run jobs:disclosures`.
 */
import { prisma } from "~/utils/db.server";
import { listDisclosureSchedules } from "./status.server";
import { notifyHost } from "./hold.server";
import { chinaDay, stateSince } from "./schedule";

export async function remindDisclosures(now: Date = new Date()): Promise<{ reminded: number }> {
  const today = chinaDay(now);
  let reminded = 0;
  for (const s of await listDisclosureSchedules({}, now)) {
    const due = s.schedule.nextDue;
    const state = s.schedule.state;
    if (!due || state === "ok") continue;
    // The worst obligation decides the state; its due date tells when that state began.
    const worst = s.schedule.obligations.find((o) => o.state === state) ?? due;
    const since = stateSince(worst.dueOn, state)!;
    if (s.remindedAt && chinaDay(s.remindedAt) >= since) continue;
    reminded += await prisma.$transaction(async (tx) => {
      // Claimed by comparing with what was read, so two runs at once remind once.
      const where = { id: s.id, disclosureRemindedAt: s.remindedAt };
      const res = s.type === "campaign" ? await tx.campaign.updateMany({ where, data: { disclosureRemindedAt: now } }) : await tx.fund.updateMany({ where, data: { disclosureRemindedAt: now } });
      if (res.count !== 1) return 0;
      await notifyHost(tx, s.orgId, state === "overdue" ? "disclosure.overdue" : "disclosure.dueSoon", { name: s.name, dueOn: worst.dueOn, today });
      return 1;
    });
  }
  return { reminded };
}
