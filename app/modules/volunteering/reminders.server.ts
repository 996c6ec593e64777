/**
 * Day-before reminders. `enqueueDueReminders` finds confirmed sign-ups whose shift starts within the
 * next `horizonHours` and that were not reminded yet, and queues one notification (in-app + outbox)
 * each. It is idempotent: the sign-up is marked in the same transaction, guarded by
 * `remindedAt IS NULL`, so running the job twice, or two jobs at once, sends one reminder.
 */
import { prisma } from "~/utils/db.server";
import { notify } from "~/modules/notifications/notifications.server";
import { shiftLabel } from "./codes.server";

export async function enqueueDueReminders(opts: { now?: Date; horizonHours?: number; batch?: number } = {}) {
  const now = opts.now ?? new Date();
  const until = new Date(now.getTime() + (opts.horizonHours ?? 24) * 3600_000);
  const due = await prisma.shiftSignup.findMany({
    where: { status: "CONFIRMED", remindedAt: null, shift: { status: "OPEN", startsAt: { gt: now, lte: until }, project: { status: "PUBLISHED" } } },
    select: { id: true, userId: true, shift: { select: { startsAt: true, endsAt: true, place: true, project: { select: { title: true } } } } },
    take: opts.batch ?? 1000,
  });
  let sent = 0;
  for (const s of due) {
    await prisma.$transaction(async (tx) => {
      const claimed = await tx.shiftSignup.updateMany({ where: { id: s.id, remindedAt: null, status: "CONFIRMED" }, data: { remindedAt: now } });
      if (claimed.count !== 1) return;
      await notify(tx, s.userId, "volunteering.reminder", { project: s.shift.project.title, time: shiftLabel(s.shift), place: s.shift.place }, "/me/volunteering");
      sent++;
    });
  }
  return { due: due.length, sent };
}
