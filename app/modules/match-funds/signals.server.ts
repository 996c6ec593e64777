/**
 * 套捐 signals (ADR 020): reasons to suspect a donation was made to unlock the matcher's own money
 * (or to drain it), each an explained flag. A flagged match is held for staff before it is paid.
 */
import { createHmac } from "node:crypto";
import type { Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { BURST_COUNT, BURST_WINDOW_MS, linkingDomain, NEAR_CAP_COUNT, NEAR_CAP_WINDOW_MS, nearCapDonationFen, ROUND_UNIT_FEN, type MatchFlag, type PledgeTerms } from "./rules";

const SETTLED = ["PAID", "PARTLY_REFUNDED", "REFUNDED"] as const;

/** Keyed hashes: the same address, browser or payer account gives the same hash, which cannot be reversed. */
export function signalHash(kind: "ip" | "device" | "payer", value: string) {
  return createHmac("sha256", getEnv().ID_HASH_KEY).update(`match-signal:${kind}:${value}`).digest("hex");
}

/** The donor's address and browser, hashed at checkout (nothing readable is kept). */
export function donorSignals(device: { userAgent: string | null; clientIp: string | null } | undefined) {
  return {
    ipHash: device?.clientIp ? signalHash("ip", device.clientIp) : null,
    deviceHash: device?.userAgent ? signalHash("device", device.userAgent) : null,
  };
}

export type SignalPledge = PledgeTerms & { id: string; createdById: string; matcherOrgId: string | null; matcherEmailDomain: string | null };
export type SignalDonation = { id: string; campaignId: string; amountFen: bigint; paidAt: Date; donorUserId: string | null; donorEmail: string | null; ipHash: string | null; deviceHash: string | null; payerHash: string | null };

/** The matcher's people: the pledge's creator and the members of the matcher's organization. */
async function matcherPeople(db: Db, p: SignalPledge) {
  const members = p.matcherOrgId ? await db.orgMembership.findMany({ where: { orgId: p.matcherOrgId }, select: { userId: true, user: { select: { email: true } } } }) : [];
  const creator = await db.user.findUnique({ where: { id: p.createdById }, select: { email: true } });
  const ids = new Set([p.createdById, ...members.map((m) => m.userId)]);
  const domains = new Set<string>();
  for (const e of [creator?.email, ...members.map((m) => m.user.email)]) {
    const d = linkingDomain(e);
    if (d) domains.add(d);
  }
  if (p.matcherEmailDomain) domains.add(p.matcherEmailDomain.toLowerCase());
  return { ids, memberIds: new Set(members.map((m) => m.userId)), domains };
}

export async function matchFlags(db: Db, p: SignalPledge, d: SignalDonation): Promise<MatchFlag[]> {
  const flags: MatchFlag[] = [];
  const people = await matcherPeople(db, p);

  // Linked to the matcher: the same person, a member, an address at the matcher's own domain, a payment account they used.
  if (d.donorUserId && d.donorUserId === p.createdById) flags.push({ kind: "SAME_USER", detail: {} });
  else if (d.donorUserId && people.memberIds.has(d.donorUserId)) flags.push({ kind: "MATCHER_MEMBER", detail: {} });
  const domain = linkingDomain(d.donorEmail);
  if (domain && people.domains.has(domain)) flags.push({ kind: "EMAIL_DOMAIN", detail: { domain } });
  if (d.payerHash) {
    const shared = await db.donation.count({ where: { payerHash: d.payerHash, id: { not: d.id }, donorUserId: { in: [...people.ids] } } });
    if (shared > 0) flags.push({ kind: "PAYMENT_ACCOUNT", detail: { donations: shared } });
  }

  // A burst of equal round amounts to this campaign.
  if (d.amountFen % ROUND_UNIT_FEN === 0n) {
    const since = new Date(d.paidAt.getTime() - BURST_WINDOW_MS);
    const same = await db.donation.count({ where: { campaignId: d.campaignId, amountFen: d.amountFen, status: { in: [...SETTLED] }, paidAt: { gte: since, lte: d.paidAt } } });
    if (same >= BURST_COUNT) flags.push({ kind: "ROUND_BURST", detail: { count: same, amountFen: d.amountFen.toString(), minutes: BURST_WINDOW_MS / 60_000 } });
  }

  // Many gifts from one device or address, each near a cap.
  const nearFen = nearCapDonationFen(p);
  if (d.amountFen >= nearFen && (d.deviceHash || d.ipHash)) {
    const since = new Date(d.paidAt.getTime() - NEAR_CAP_WINDOW_MS);
    const sameSource = [...(d.deviceHash ? [{ deviceHash: d.deviceHash }] : []), ...(d.ipHash ? [{ ipHash: d.ipHash }] : [])];
    const near = await db.donation.count({ where: { campaignId: d.campaignId, amountFen: { gte: nearFen }, status: { in: [...SETTLED] }, paidAt: { gte: since, lte: d.paidAt }, OR: sameSource } });
    if (near >= NEAR_CAP_COUNT) flags.push({ kind: "DEVICE_NEAR_CAP", detail: { count: near, hours: NEAR_CAP_WINDOW_MS / 3_600_000 } });
  }
  return flags;
}
