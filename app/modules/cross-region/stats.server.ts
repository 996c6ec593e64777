/**
 * "Support from other provinces" (东西部协作) for a period: the money (ledger transactions net of
 * their reversals) and goods (receipt values) linked to pairings, by the supporting organization's
 * province (from its credit code), by organization and by the supported district (the pairing's).
 * Raw records, not rollups: pairings are few, and the figures must agree with the pairing links.
 * Read from the replica by default, like the rest of the dashboard.
 */
import { replica, type Db } from "~/utils/db.server";
import type { StatsFilter } from "~/modules/statistics/filters";

export type SupportFigures = { moneyFen: number; goodsFen: number; orgs: number };
export type CrossRegionSupport = {
  total: SupportFigures;
  byProvince: ({ code: string } & SupportFigures)[];
  byOrg: { orgId: string; name: string; provinceCode: string; moneyFen: number; goodsFen: number }[];
  byDistrict: ({ code: string } & SupportFigures)[];
};

type Row = { province: string; org_id: string; name: string; district: string; money: bigint | null; goods: bigint | null };

const shanghaiDay = (col: string) => `((${col} AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai')::date`;

export async function crossRegionSupport(f: StatsFilter, db: Db = replica()): Promise<CrossRegionSupport> {
  const params: unknown[] = [f.from, f.to];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (f.districtCode) where.push(`x.district = ${add(f.districtCode)}`);
  if (f.orgType) where.push(`o."type"::text = ${add(f.orgType)}`);
  // One organization's dashboard: what it gave (as a supporting organization) or received.
  if (f.orgId) where.push(`(x.support_org = ${add(f.orgId)} OR x.recipient_org = $${params.length})`);
  const rows = await db.$queryRawUnsafe<Row[]>(
    `WITH x AS (
       SELECT p."supportOrgId" AS support_org, t."orgId" AS recipient_org, p."districtCode" AS district,
              t."amountFen" - COALESCE((SELECT SUM(r."amountFen") FROM "LedgerTransaction" r WHERE r."reversesId" = t.id), 0) AS money, 0::bigint AS goods
       FROM "SupportPairingTransaction" l
       JOIN "LedgerTransaction" t ON t.id = l."transactionId"
       JOIN "SupportPairing" p ON p.id = l."pairingId"
       WHERE ${shanghaiDay('t."occurredAt"')} BETWEEN $1::date AND $2::date
       UNION ALL
       SELECT p."supportOrgId", g."orgId", p."districtCode", 0::bigint, g."valueFen"
       FROM "SupportPairingGoods" l
       JOIN "GoodsReceipt" g ON g.id = l."goodsReceiptId"
       JOIN "SupportPairing" p ON p.id = l."pairingId"
       WHERE g."receivedOn" BETWEEN $1::date AND $2::date
     )
     SELECT substring(o."creditCode" from 3 for 2) AS province, o.id AS org_id, o.name, x.district, SUM(x.money) AS money, SUM(x.goods) AS goods
     FROM x JOIN "Organization" o ON o.id = x.support_org
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     GROUP BY 1, 2, 3, 4`,
    ...params,
  );
  return aggregate(rows.map((r) => ({ province: r.province, orgId: r.org_id, name: r.name, district: r.district, money: Number(r.money ?? 0), goods: Number(r.goods ?? 0) })));
}

type Cell = { province: string; orgId: string; name: string; district: string; money: number; goods: number };

/** Sums by province, organization and district; an organization counts once per group however many pairings it has. */
export function aggregate(cells: Cell[]): CrossRegionSupport {
  const given = cells.filter((c) => c.money + c.goods !== 0);
  const group = (key: (c: Cell) => string) => {
    const m = new Map<string, { moneyFen: number; goodsFen: number; orgSet: Set<string> }>();
    for (const c of given) {
      const g = m.get(key(c)) ?? { moneyFen: 0, goodsFen: 0, orgSet: new Set<string>() };
      g.moneyFen += c.money;
      g.goodsFen += c.goods;
      g.orgSet.add(c.orgId);
      m.set(key(c), g);
    }
    return [...m.entries()]
      .map(([code, g]) => ({ code, moneyFen: g.moneyFen, goodsFen: g.goodsFen, orgs: g.orgSet.size }))
      .sort((a, b) => b.moneyFen + b.goodsFen - (a.moneyFen + a.goodsFen) || a.code.localeCompare(b.code));
  };
  const orgs = new Map<string, CrossRegionSupport["byOrg"][number]>();
  for (const c of given) {
    const o = orgs.get(c.orgId) ?? { orgId: c.orgId, name: c.name, provinceCode: c.province, moneyFen: 0, goodsFen: 0 };
    o.moneyFen += c.money;
    o.goodsFen += c.goods;
    orgs.set(c.orgId, o);
  }
  const total = {
    moneyFen: given.reduce((s, c) => s + c.money, 0),
    goodsFen: given.reduce((s, c) => s + c.goods, 0),
    orgs: new Set(given.map((c) => c.orgId)).size,
  };
  return {
    total,
    byProvince: group((c) => c.province),
    byOrg: [...orgs.values()].sort((a, b) => b.moneyFen + b.goodsFen - (a.moneyFen + a.goodsFen) || a.name.localeCompare(b.name)),
    byDistrict: group((c) => c.district),
  };
}
