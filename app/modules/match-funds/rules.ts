/**
 * Matching funds (配捐, ADR 020): the arithmetic of one match, pure so it is tested on its own.
 * Everything is integer fen; a match is rounded down to the fen.
 */

/** 套捐 thresholds: a burst is ≥ BURST_COUNT gifts of one round amount within BURST_WINDOW_MS. */
export const ROUND_UNIT_FEN = 10_000n; // 100 yuan
export const BURST_COUNT = 3;
export const BURST_WINDOW_MS = 10 * 60_000;
/** Many gifts from one device or address near a cap: ≥ NEAR_CAP_COUNT in NEAR_CAP_WINDOW_MS, each matching ≥ 80 % of the cap. */
export const NEAR_CAP_COUNT = 3;
export const NEAR_CAP_WINDOW_MS = 24 * 60 * 60_000;
export const NEAR_CAP_PERCENT = 80n;

/** Webmail anyone can sign up for: sharing one of these links nobody. */
export const PUBLIC_EMAIL_DOMAINS = new Set([
  "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com", "aliyun.com", "139.com", "189.cn", "wo.cn",
  "gmail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "proton.me", "protonmail.com",
  "example.cn", "example.com",
]);

export const FLAG_KINDS = ["SAME_USER", "MATCHER_MEMBER", "EMAIL_DOMAIN", "PAYMENT_ACCOUNT", "ROUND_BURST", "DEVICE_NEAR_CAP"] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];
export type MatchFlag = { kind: FlagKind; detail: Record<string, string | number> };

export function emailDomain(email: string | null | undefined): string | null {
  const at = email?.lastIndexOf("@") ?? -1;
  if (!email || at < 0) return null;
  const d = email.slice(at + 1).trim().toLowerCase();
  return d || null;
}

/** A domain that can link a donor to a matcher: an organization's own, not a webmail one. */
export function linkingDomain(email: string | null | undefined): string | null {
  const d = emailDomain(email);
  return d && !PUBLIC_EMAIL_DOMAINS.has(d) ? d : null;
}

export type PledgeTerms = { ratioNum: number; ratioDen: number; perDonationCapFen: bigint; perDonorDayCapFen: bigint };

/** The match the ratio alone gives (rounded down). */
export function ratioMatch(donationFen: bigint, t: Pick<PledgeTerms, "ratioNum" | "ratioDen">): bigint {
  if (donationFen <= 0n) return 0n;
  return (donationFen * BigInt(t.ratioNum)) / BigInt(t.ratioDen);
}

export type MatchLimit = "ratio" | "perDonation" | "perDonorDay" | "pledge";

/**
 * The match of one donation: the ratio, then each cap in turn — per donation, what is left of the
 * donor's day, what is left of the pledge (a partial match when it runs out).
 */
export function computeMatch(i: PledgeTerms & { donationFen: bigint; usedTodayFen: bigint; remainingFen: bigint }): { amountFen: bigint; limitedBy: MatchLimit } {
  let amountFen = ratioMatch(i.donationFen, i);
  let limitedBy: MatchLimit = "ratio";
  const caps: [bigint, MatchLimit][] = [
    [i.perDonationCapFen, "perDonation"],
    [i.perDonorDayCapFen - i.usedTodayFen, "perDonorDay"],
    [i.remainingFen, "pledge"],
  ];
  for (const [cap, name] of caps) {
    if (cap < amountFen) {
      amountFen = cap;
      limitedBy = name;
    }
  }
  return { amountFen: amountFen > 0n ? amountFen : 0n, limitedBy };
}

/** The smallest donation whose match reaches NEAR_CAP_PERCENT of the tighter cap. */
export function nearCapDonationFen(t: PledgeTerms): bigint {
  const cap = t.perDonationCapFen < t.perDonorDayCapFen ? t.perDonationCapFen : t.perDonorDayCapFen;
  const matchFen = (cap * NEAR_CAP_PERCENT + 99n) / 100n;
  // donation × num / den ≥ matchFen  ⇔  donation ≥ ⌈matchFen × den / num⌉
  const num = BigInt(t.ratioNum);
  return (matchFen * BigInt(t.ratioDen) + num - 1n) / num;
}

/** The donation's day in China Standard Time (UTC+8, no daylight saving), as a UTC midnight Date. */
export function chinaDay(at: Date): Date {
  const shifted = new Date(at.getTime() + 8 * 60 * 60_000);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
}

/** "1:2" for 2/1: the way donors read a ratio (one yuan given, two matched). */
export function ratioLabel(ratioNum: number, ratioDen: number) {
  return `${ratioDen}:${ratioNum}`;
}
