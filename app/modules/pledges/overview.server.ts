/**
 * The bureau's overview of paired purchasing for one year: pledged, fulfilled and remaining per
 * paired district and per buying unit, and the budget units below their canteen share late in the
 * year (after 30 September, Asia/Shanghai, or the `asOf` date given).
 */
import { prisma, type Db } from "~/utils/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { belowShare, fenString, fulfilment, isLateInYear, requiredMinimumFen, shanghaiToday, shanghaiYear } from "./rules";
import { fulfilledByPledge } from "./fulfilment.server";
import type { OverviewFilter } from "./schema";

type Totals = { pledged: bigint; fulfilled: bigint };
const add = (t: Totals, pledged: bigint, fulfilled: bigint) => {
  t.pledged += pledged;
  t.fulfilled += fulfilled;
};
const totalsJson = (t: Totals) => {
  const f = fulfilment(t.pledged, t.fulfilled);
  return { pledgedFen: fenString(f.pledgedFen), fulfilledFen: fenString(f.fulfilledFen), remainingFen: fenString(f.remainingFen), percentBp: f.percentBp };
};

/** `db`: the primary by default; the export passes the read replica (README, "Read replica"). */
export async function pledgeOverview(filter: OverviewFilter, db: Db = prisma) {
  const year = filter.year ?? shanghaiYear();
  const asOf = filter.asOf ?? shanghaiToday();
  const late = isLateInYear(year, asOf);
  const where: Prisma.PurchasePledgeWhereInput = {
    year,
    ...(filter.district ? { OR: [{ targetDistrictCode: filter.district }, { targetDistrictCode: null, targetProducer: { districtCode: filter.district } }] } : {}),
  };
  const rows = await db.purchasePledge.findMany({
    where,
    select: {
      id: true,
      pledgedFen: true,
      targetDistrictCode: true,
      canteenBudgetFen: true,
      requiredShareBp: true,
      targetProducer: { select: { id: true, name: true, districtCode: true } },
      buyingUnit: { select: { id: true, name: true, kind: true, districtCode: true, isBudgetUnit: true, hasCanteen: true, org: { select: { name: true } } } },
    },
    orderBy: [{ buyingUnit: { name: "asc" } }, { createdAt: "asc" }],
  });
  const fulfilled = await fulfilledByPledge(rows.map((r) => r.id), db);

  const total: Totals = { pledged: 0n, fulfilled: 0n };
  const districts = new Map<string, Totals & { units: Set<string> }>();
  const units = new Map<string, Totals & { unit: (typeof rows)[number]["buyingUnit"]; required: bigint | null; pledges: number }>();
  const pledges = rows.map((r) => {
    const done = fulfilled.get(r.id) ?? 0n;
    const district = r.targetDistrictCode ?? r.targetProducer?.districtCode ?? "";
    const required = r.canteenBudgetFen !== null && r.requiredShareBp !== null ? requiredMinimumFen(r.canteenBudgetFen, r.requiredShareBp) : null;
    add(total, r.pledgedFen, done);
    const d = districts.get(district) ?? { pledged: 0n, fulfilled: 0n, units: new Set<string>() };
    add(d, r.pledgedFen, done);
    d.units.add(r.buyingUnit.id);
    districts.set(district, d);
    const u = units.get(r.buyingUnit.id) ?? { pledged: 0n, fulfilled: 0n, unit: r.buyingUnit, required: null, pledges: 0 };
    add(u, r.pledgedFen, done);
    u.pledges++;
    if (required !== null) u.required = (u.required ?? 0n) + required;
    units.set(r.buyingUnit.id, u);
    const f = fulfilment(r.pledgedFen, done);
    return {
      id: r.id,
      unitId: r.buyingUnit.id,
      unitName: r.buyingUnit.name,
      unitKind: r.buyingUnit.kind,
      isBudgetUnit: r.buyingUnit.isBudgetUnit,
      hasCanteen: r.buyingUnit.hasCanteen,
      orgName: r.buyingUnit.org?.name ?? null,
      districtCode: district,
      producerName: r.targetProducer?.name ?? null,
      canteenBudgetFen: r.canteenBudgetFen === null ? null : fenString(r.canteenBudgetFen),
      requiredShareBp: r.requiredShareBp,
      requiredFen: required === null ? null : fenString(required),
      pledgedFen: fenString(f.pledgedFen),
      fulfilledFen: fenString(f.fulfilledFen),
      remainingFen: fenString(f.remainingFen),
      percentBp: f.percentBp,
      belowShareLate: late && belowShare(required, done),
    };
  });

  const byUnit = [...units.values()]
    .map((u) => ({
      id: u.unit.id,
      name: u.unit.name,
      kind: u.unit.kind,
      districtCode: u.unit.districtCode,
      isBudgetUnit: u.unit.isBudgetUnit,
      hasCanteen: u.unit.hasCanteen,
      orgName: u.unit.org?.name ?? null,
      pledges: u.pledges,
      requiredFen: u.required === null ? null : fenString(u.required),
      belowShareLate: late && belowShare(u.required, u.fulfilled),
      ...totalsJson(u),
    }))
    .sort((a, b) => Number(b.belowShareLate) - Number(a.belowShareLate) || a.name.localeCompare(b.name, "zh-CN"));
  const byDistrict = [...districts.entries()]
    .map(([districtCode, d]) => ({ districtCode, units: d.units.size, ...totalsJson(d) }))
    .sort((a, b) => Number(BigInt(b.pledgedFen) - BigInt(a.pledgedFen)) || a.districtCode.localeCompare(b.districtCode));

  return { year, asOf, late, district: filter.district ?? null, total: totalsJson(total), byDistrict, byUnit, pledges, belowCount: byUnit.filter((u) => u.belowShareLate).length };
}
export type PledgeOverview = Awaited<ReturnType<typeof pledgeOverview>>;
