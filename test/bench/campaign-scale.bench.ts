/**
 * Campaign-scale benchmark (`npm run bench -- campaign-scale`; issue 17, "cost that grows gently";
 * ADR 027): what one campaign's figures cost as its donations grow — 100, 10,000 and 100,000
 * (BENCH_CAMPAIGN_DONATIONS sets the last step; a viral emergency campaign reaches it).
 *
 * At each step, BENCH_CAMPAIGN_RUNS (200) times each, in this process on its own pool:
 *   - the campaign page's ledger figures (ownerLedgerSummary: groups, balance, donors), read from
 *     the owner tallies, against the statement the page ran before them (every transaction,
 *     every entry of its account and every paid donation, in one round trip);
 *   - the listing card's net raised (campaignNetRaised) and the goal check (markFundedWhenGoalReached,
 *     dry run), against their sums over every transaction.
 * Both answers are compared at every step: the benchmark stops with an error if they differ.
 * The donations are written in bulk through the real tables and triggers (PAID donations, their
 * DONATION transactions and balanced entries; 1 in 4 donors gives twice), 10,000 per statement.
 *
 * Own target (the issue sets none for this page): from the first step to the last, the tallied
 * reads' p50 grows by at most 2× while the donations grow 1,000× (judged at p50: a read of a few
 * rows takes well under a millisecond, and its p95 is the machine's noise — printed beside it).
 * Exits 0 either way.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { fmt, log, scratchDatabase, verdict } from "./support/harness";

const LAST = Number(process.env.BENCH_CAMPAIGN_DONATIONS ?? 100_000);
const RUNS = Number(process.env.BENCH_CAMPAIGN_RUNS ?? 200);
const STEPS = [...new Set([100, 10_000, LAST].filter((n) => n <= LAST))].sort((a, b) => a - b);
const BATCH = 10_000;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main() {
  const scratch = await scratchDatabase("bench_campaign_scale");
  try {
    const { prisma } = await import("~/utils/db.server");
    const { ownerLedgerSummary, campaignNetRaised } = await import("~/modules/ledger/balances.server");
    const { markFundedWhenGoalReached } = await import("~/modules/campaigns/goal.server");
    const { ensureAccount } = await import("~/modules/ledger/accounts.server");
    const { createUser } = await import("../support/factories/accounts");
    const { createOrganization } = await import("../support/factories/organizations");
    const { createCampaign } = await import("../support/factories/funding");

    const owner = await createUser(prisma);
    const org = await createOrganization(prisma, { createdById: owner.id, type: "FOUNDATION", isCharity: true, publicFundraising: true, districtCode: "500101" });
    // A goal out of reach: the campaign stays APPROVED, so the goal check sums what it raised.
    const campaign = await createCampaign(prisma, { orgId: org.id, createdById: owner.id, goalFen: 10n ** 15n, districtCode: "500101" });
    const account = await ensureAccount(prisma, { kind: "CAMPAIGN", campaignId: campaign.id, orgId: org.id });
    const clearing = await ensureAccount(prisma, { kind: "PROVIDER_CLEARING", provider: "STRIPE" });
    const run = randomBytes(4).toString("hex");

    /** Donations from..to-1: PAID, each with its DONATION transaction and two entries, in one transaction. */
    async function addDonations(from: number, to: number) {
      await prisma.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(
            `INSERT INTO "Donation" (id, "campaignId", "orgId", "amountFen", "donorEmail", "donorName", anonymous, provider, "providerSessionId", "providerPaymentId", "accessToken", status, "paidAt", "createdAt", "updatedAt")
             SELECT 'bd_${run}_' || g, $1, $2, 100 + (g % 50) * 100, 'donor' || (CASE WHEN g % 4 = 0 THEN g / 4 ELSE g END) || '@example.cn', '爱心人士', false, 'STRIPE',
                    'cs_bench_${run}_' || g, 'pi_bench_${run}_' || g, 'tok_${run}_' || g, 'PAID', now(), now(), now()
             FROM generate_series($3::int, $4::int) g`,
            campaign.id, org.id, from, to - 1,
          );
          await tx.$executeRawUnsafe(
            `INSERT INTO "LedgerTransaction" (id, kind, "amountFen", "occurredAt", "idempotencyKey", "orgId", "districtCode", "campaignId", "donationId", provider)
             SELECT 'bt_${run}_' || g, 'DONATION', 100 + (g % 50) * 100, now(), 'bench-donation:${run}:' || g, $1, '500101', $2, 'bd_${run}_' || g, 'STRIPE'
             FROM generate_series($3::int, $4::int) g`,
            org.id, campaign.id, from, to - 1,
          );
          await tx.$executeRawUnsafe(
            `INSERT INTO "LedgerEntry" ("transactionId", "accountId", "amountFen")
             SELECT 'bt_${run}_' || g, side.account, side.sign * (100 + (g % 50) * 100)
             FROM generate_series($3::int, $4::int) g, (VALUES ($1, -1), ($2, 1)) AS side(account, sign)`,
            clearing, account, from, to - 1,
          );
        },
        { timeout: 600_000 },
      );
    }

    // The figures as they were read before the tallies (ADR 027), kept here as the baseline.
    const rawPage = () =>
      prisma.$queryRaw<{ part: string; kind: string | null; reversal: boolean | null; source: string | null; fen: bigint; n: bigint }[]>`
        SELECT 'G' AS part, kind::text AS kind, ("reversesId" IS NOT NULL) AS reversal, source, SUM("amountFen")::bigint AS fen, count(*)::bigint AS n
        FROM "LedgerTransaction" WHERE "campaignId" = ${campaign.id} GROUP BY 2, 3, 4
        UNION ALL
        SELECT 'B', NULL, NULL, NULL, COALESCE(SUM(e."amountFen"), 0)::bigint, 0
        FROM "LedgerAccount" a JOIN "LedgerEntry" e ON e."accountId" = a.id WHERE a.key = ${`CAMPAIGN:${campaign.id}`}
        UNION ALL
        SELECT 'D', NULL, NULL, NULL, 0, count(DISTINCT coalesce('u:' || "donorUserId", 'e:' || lower("donorEmail"::text), 'd:' || id))
        FROM "Donation" WHERE "campaignId" = ${campaign.id} AND status IN ('PAID', 'PARTLY_REFUNDED')`;
    const rawNet = () =>
      prisma.$queryRaw<{ net: bigint }[]>`
        SELECT (COALESCE(SUM("amountFen") FILTER (WHERE kind IN ('DONATION', 'OFFLINE_DONATION')), 0) - COALESCE(SUM("amountFen") FILTER (WHERE kind = 'REFUND'), 0))::bigint AS net
        FROM "LedgerTransaction" WHERE "campaignId" = ${campaign.id}`;
    const rawGoal = () =>
      prisma.$queryRaw<{ net: bigint }[]>`
        SELECT c.status::text AS status, c."goalFen",
          (SELECT coalesce(sum(CASE WHEN t.kind = 'REFUND' THEN -t."amountFen" ELSE t."amountFen" END), 0)::bigint
           FROM "LedgerTransaction" t WHERE t."campaignId" = c.id AND t.kind IN ('DONATION', 'OFFLINE_DONATION', 'REFUND')) AS net
        FROM "Campaign" c WHERE c.id = ${campaign.id}`;

    const time = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < 3; i++) await fn();
      const xs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await fn();
        xs.push(performance.now() - t);
      }
      return { p50: pct(xs, 50), p95: pct(xs, 95) };
    };

    log(`Campaign-scale benchmark — one campaign at ${STEPS.map((s) => s.toLocaleString("en")).join(" → ")} paid donations, ${RUNS} runs per read`);
    const rows: { n: number; page: [Awaited<ReturnType<typeof time>>, Awaited<ReturnType<typeof time>>]; net: [Awaited<ReturnType<typeof time>>, Awaited<ReturnType<typeof time>>]; goal: [Awaited<ReturnType<typeof time>>, Awaited<ReturnType<typeof time>>] }[] = [];
    let have = 0;
    for (const n of STEPS) {
      const t0 = performance.now();
      for (let i = have; i < n; i += BATCH) await addDonations(i, Math.min(n, i + BATCH));
      have = n;
      await prisma.$executeRawUnsafe(`VACUUM ANALYZE "Donation", "LedgerTransaction", "LedgerEntry", "LedgerOwnerTally", "LedgerAccountBalance", "OwnerDonor", "OwnerDonorCount"`);
      log(`\n── ${n.toLocaleString("en")} donations (written in ${((performance.now() - t0) / 1000).toFixed(1)} s, triggers included)`);

      // Same answers, or the benchmark is void.
      const kept = await ownerLedgerSummary({ campaignId: campaign.id });
      const raw = await rawPage();
      const rawRaised = raw.filter((r) => r.part === "G").reduce((s, r) => s + BigInt(r.fen), 0n);
      const rawBalance = BigInt(raw.find((r) => r.part === "B")!.fen);
      const rawDonors = Number(raw.find((r) => r.part === "D")!.n);
      if (kept.totals.raisedFen !== rawRaised || kept.totals.balanceFen !== rawBalance || kept.donors !== rawDonors) {
        throw new Error(`figures differ at ${n}: kept ${kept.totals.raisedFen}/${kept.totals.balanceFen}/${kept.donors}, raw ${rawRaised}/${rawBalance}/${rawDonors}`);
      }
      const keptNet = (await campaignNetRaised([campaign.id])).get(campaign.id);
      if (keptNet !== BigInt((await rawNet())[0]!.net)) throw new Error(`net raised differs at ${n}`);
      log(`   raised ¥${fmt(Number(rawRaised) / 100)} from ${fmt(rawDonors)} donors (same figures both ways)`);

      const page = [await time(() => ownerLedgerSummary({ campaignId: campaign.id })), await time(rawPage)] as [Awaited<ReturnType<typeof time>>, Awaited<ReturnType<typeof time>>];
      const net = [await time(() => campaignNetRaised([campaign.id])), await time(rawNet)] as typeof page;
      const goal = [await time(() => markFundedWhenGoalReached(prisma, campaign.id, { dryRun: true })), await time(rawGoal)] as typeof page;
      rows.push({ n, page, net, goal });
      for (const [name, [k, r]] of [["campaign page figures", page], ["listing card net raised", net], ["goal check", goal]] as const) {
        log(`   ${name.padEnd(26)} tallies p50 ${fmt(k.p50, 2).padStart(7)} ms p95 ${fmt(k.p95, 2).padStart(7)} ms   every row p50 ${fmt(r.p50, 2).padStart(8)} ms p95 ${fmt(r.p95, 2).padStart(8)} ms   ${fmt(r.p50 / k.p50, 1).padStart(7)}× at p50`);
      }
    }

    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    log(`\nGrowth from ${first.n.toLocaleString("en")} to ${last.n.toLocaleString("en")} donations (last step ÷ first step):`);
    let met = true;
    for (const key of ["page", "net", "goal"] as const) {
      const [k, r] = [last[key][0], last[key][1]];
      const [k0, r0] = [first[key][0], first[key][1]];
      const ok = k.p50 / k0.p50 <= 2;
      met &&= ok;
      log(`  ${({ page: "campaign page figures", net: "listing card net raised", goal: "goal check" } as const)[key].padEnd(26)} tallies p50 ×${fmt(k.p50 / k0.p50, 2)} (p95 ×${fmt(k.p95 / k0.p95, 2)})   every row p50 ×${fmt(r.p50 / r0.p50, 1)} (p95 ×${fmt(r.p95 / r0.p95, 1)})   ${verdict(ok)}`);
    }
    log(`Own target: the tallied reads' p50 grows at most 2× over the steps — ${verdict(met)}`);
  } finally {
    await scratch.close();
  }
}

await main();
