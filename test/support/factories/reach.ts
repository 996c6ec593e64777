/**
 * Factories for goods, activities, beneficiaries, reach and statistics datasets. Bulk data is
 * generated in SQL (generate_series), so a test can load a year of a city's figures in seconds.
 */
import type { PrismaClient } from "~/generated/prisma/client";
import type { OrgType } from "~/generated/prisma/enums";
import { DISTRICTS } from "~/modules/districts/districts";
import { makeIdNumber } from "~/modules/accounts/id-number";
import { createUser } from "./accounts";
import { createOrganization } from "./organizations";

const TYPES: OrgType[] = ["SOCIAL_SERVICE_AGENCY", "SOCIAL_GROUP", "FOUNDATION"];

/** One approved organization per district (types rotating), owned by one user. */
export async function createCityOrgs(prisma: PrismaClient, opts: { perDistrict?: number; districts?: string[] } = {}) {
  const owner = await createUser(prisma, { displayName: "机构负责人" });
  const codes = opts.districts ?? DISTRICTS.map((d) => d.code);
  const orgs = [];
  let i = 0;
  for (const code of codes) {
    for (let k = 0; k < (opts.perDistrict ?? 1); k++) {
      const d = DISTRICTS.find((x) => x.code === code)!;
      orgs.push(await createOrganization(prisma, { createdById: owner.id, districtCode: code, type: TYPES[i++ % 3], name: `${d.name}社会工作服务中心${k + 1}` }));
    }
  }
  return { owner, orgs };
}

/** Valid ID numbers for test people: region + birth + 3-digit sequence. */
export function testIdNumber(seq: number, birth = "19550101", region = "500114") {
  return makeIdNumber(region, birth, String(seq % 1000).padStart(3, "0"));
}

export async function createTestBeneficiary(prisma: PrismaClient, orgId: string, o: { seq: number; name?: string; birth?: string; districtCode?: string; groups?: string[] }) {
  // Imported on use: the service module reads the configuration, which tests set in beforeAll.
  const { createBeneficiary } = await import("~/modules/beneficiaries/beneficiaries.server");
  return createBeneficiary(
    orgId,
    null,
    {
      name: o.name ?? `受助人${o.seq}`,
      idNumber: testIdNumber(o.seq, o.birth),
      districtCode: o.districtCode ?? "500114",
      groups: (o.groups ?? ["DIBAO"]) as never,
      note: undefined,
    },
    prisma,
  );
}

/** Organizations numbered 0..n-1 in a stable order, for spreading generated rows across them. */
const ORGS_CTE = `o AS (SELECT id, "districtCode", (row_number() OVER (ORDER BY id) - 1)::int AS k, count(*) OVER ()::int AS n FROM "Organization" WHERE status = 'APPROVED')`;

/** `count` relief projects starting in `year`, spread over the approved organizations. */
export async function bulkReliefProjects(prisma: PrismaClient, opts: { count: number; year: number; prefix?: string }) {
  await prisma.$executeRawUnsafe(
    `WITH ${ORGS_CTE}
     INSERT INTO "ReliefProject" (id, "orgId", name, category, "districtCode", "startsOn", "createdAt")
     SELECT $1 || i, o.id, '重点扶贫项目' || i, 'POVERTY_RELIEF', o."districtCode", make_date($2, 1, 1) + (i % 365), now()
     FROM generate_series(1, $3::int) i JOIN o ON o.k = i % o.n`,
    opts.prefix ?? `rp${opts.year}-`,
    opts.year,
    opts.count,
  );
}

/**
 * `count` activities in `year`: participants spread so they total `participants` exactly, and one
 * anonymous reach row per activity totalling `reach` person-times.
 */
export async function bulkActivities(prisma: PrismaClient, opts: { count: number; year: number; participants: number; reach: number; prefix?: string; groups?: string[] }) {
  const prefix = opts.prefix ?? `act${opts.year}-`;
  const pBase = Math.floor(opts.participants / opts.count);
  const pExtra = opts.participants - pBase * opts.count;
  const rBase = Math.floor(opts.reach / opts.count);
  const rExtra = opts.reach - rBase * opts.count;
  await prisma.$executeRawUnsafe(
    `WITH ${ORGS_CTE}
     INSERT INTO "Activity" (id, "orgId", title, kind, "heldOn", "districtCode", participants, volunteers, staff, "createdAt")
     SELECT $1 || i, o.id, '入户走访慰问' || i, (ARRAY['VISIT','POVERTY_RELIEF','EDUCATION','ELDERLY_CARE','HEALTH'])[1 + i % 5]::"ActivityKind",
            make_date($2, 1, 1) + (i % 365), o."districtCode", $3::int + CASE WHEN i <= $4::int THEN 1 ELSE 0 END, 2, 1, now()
     FROM generate_series(1, $5::int) i JOIN o ON o.k = i % o.n`,
    prefix,
    opts.year,
    pBase,
    pExtra,
    opts.count,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "ReachRecord" (id, "orgId", "occurredOn", "districtCode", source, "sourceId", "headCount", groups, "createdAt")
     SELECT 'r-' || a.id, a."orgId", a."heldOn", a."districtCode", 'ACTIVITY', a.id,
            $2::int + CASE WHEN substr(a.id, length($1) + 1)::int <= $3::int THEN 1 ELSE 0 END, $4::"BeneficiaryGroup"[], now()
     FROM "Activity" a WHERE a.id LIKE $1 || '%'`,
    prefix,
    rBase,
    rExtra,
    opts.groups ?? ["DIBAO", "ELDERLY"],
  );
}

/** Goods receipts in `year` totalling `totalFen` over `count` rows (one stock item per organization). */
export async function bulkGoods(prisma: PrismaClient, opts: { count: number; year: number; totalFen: bigint; prefix?: string }) {
  const prefix = opts.prefix ?? `g${opts.year}-`;
  const base = opts.totalFen / BigInt(opts.count);
  const extra = opts.totalFen - base * BigInt(opts.count);
  await prisma.$executeRawUnsafe(
    `INSERT INTO "GoodsItem" (id, "orgId", name, category, unit, stock, "createdAt", "updatedAt")
     SELECT 'item-' || id, id, '大米', 'FOOD', '袋', 0, now(), now() FROM "Organization" WHERE status = 'APPROVED'
     ON CONFLICT DO NOTHING`,
  );
  await prisma.$executeRawUnsafe(
    `WITH ${ORGS_CTE}
     INSERT INTO "GoodsReceipt" (id, "orgId", "itemId", category, "donorName", quantity, "valueFen", "receivedOn", "districtCode", "createdAt")
     SELECT $1 || i, o.id, 'item-' || o.id, 'FOOD', '爱心企业', 100, $2::bigint + CASE WHEN i = 1 THEN $3::bigint ELSE 0 END,
            make_date($4, 1, 1) + (i % 365), o."districtCode", now()
     FROM generate_series(1, $5::int) i JOIN o ON o.k = i % o.n`,
    prefix,
    base.toString(),
    extra.toString(),
    opts.year,
    opts.count,
  );
  await prisma.$executeRawUnsafe(
    `UPDATE "GoodsItem" gi SET stock = stock + s.q FROM (SELECT "itemId", sum(quantity)::int AS q FROM "GoodsReceipt" WHERE id LIKE $1 || '%' GROUP BY 1) s WHERE gi.id = s."itemId"`,
    prefix,
  );
}
