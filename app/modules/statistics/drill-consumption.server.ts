/**
 * Drill-down of the consumption-aid figure: every sale recorded in the period (offline, imported,
 * shop) and every accepted purchase offer, under the dashboard's filter. The rows marked as counted
 * add up to consumption_aid_fen; a sale answering an offer is listed but marked "not counted"
 * (its offer is). Buyers' names are never shown here (an individual buyer is personal data).
 */
import { replica } from "~/utils/db.server";
import type { TFunction } from "~/modules/i18n/i18n";
import { districtName } from "~/modules/districts/districts";
import type { StatsFilter } from "./filters";
import type { DrillResult } from "./drill.server";

const shanghaiDay = (col: string) => `((${col} AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai')::date`;

type Row = { day: Date; type: "SALE" | "OFFER"; id: string; name: string | null; producer: string | null; org: string; district: string; channel: string | null; buyer: string | null; amount: bigint; counted: boolean };

export async function consumptionRecords(f: StatsFilter, t: TFunction, locale: string, page: number, pageSize: number): Promise<DrillResult> {
  const params: unknown[] = [f.from, f.to];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const dims = (district: string) => {
    const parts: string[] = [];
    if (f.districtCode) parts.push(`${district} = ${add(f.districtCode)}`);
    if (f.orgType) parts.push(`o."type"::text = ${add(f.orgType)}`);
    if (f.orgId) parts.push(`o.id = ${add(f.orgId)}`);
    return parts.map((p) => ` AND ${p}`).join("");
  };
  const sales = `
    SELECT s."soldOn"::date AS day, 'SALE' AS type, s.id, COALESCE(s."productName", pr.name) AS name, p.name AS producer, o.name AS org,
           s."districtCode" AS district, s.channel::text AS channel, s."buyerKind"::text AS buyer, s."amountFen" AS amount, (s."needResponseId" IS NULL) AS counted
    FROM "ConsumptionSale" s JOIN "Organization" o ON o.id = s."orgId"
    LEFT JOIN "Producer" p ON p.id = s."producerId" LEFT JOIN "Product" pr ON pr.id = s."productId"
    WHERE s."soldOn" >= $1::date AND s."soldOn" <= $2::date${dims(`s."districtCode"`)}`;
  const offerDay = shanghaiDay(`r."decidedAt"`);
  const offers = `
    SELECT ${offerDay} AS day, 'OFFER' AS type, r.id, COALESCE(n."produceName", n.title) AS name, NULL AS producer, o.name AS org,
           n."districtCode" AS district, NULL AS channel, NULL AS buyer, COALESCE(r."amountFen", r.quantity::bigint * r."unitPriceFen", 0::bigint) AS amount, true AS counted
    FROM "NeedResponse" r JOIN "Need" n ON n.id = r."needId" JOIN "Organization" o ON o.id = r."orgId"
    WHERE r.kind::text = 'PURCHASE' AND r.status::text = 'ACCEPTED' AND r."decidedAt" IS NOT NULL
      AND ${offerDay} >= $1::date AND ${offerDay} <= $2::date${dims(`n."districtCode"`)}`;
  const all = `${sales} UNION ALL ${offers}`;
  const limit = add(pageSize);
  const offset = add((page - 1) * pageSize);
  const db = replica();
  const [rows, count] = await Promise.all([
    db.$queryRawUnsafe<Row[]>(`SELECT * FROM (${all}) x ORDER BY day, type, id LIMIT ${limit} OFFSET ${offset}`, ...params),
    db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM (${all}) x`, ...params.slice(0, params.length - 2)),
  ]);
  const H = (k: string) => t(`stats.drill.${k}`);
  const C = (k: string) => t(`stats.consumption.drill.${k}`);
  return {
    headers: [H("date"), H("kind"), H("name"), C("producer"), H("org"), H("district"), C("channel"), C("buyerKind"), H("amount"), C("counted")],
    rows: rows.map((r) => [
      r.day.toISOString().slice(0, 10),
      C(r.type),
      r.name ?? "",
      r.producer ?? "",
      r.org,
      districtName(r.district, locale),
      r.channel ? t(`stats.consumption.channels.${r.channel}`) : "",
      r.buyer ? t(`stats.consumption.buyerKinds.${r.buyer}`) : "",
      Number(r.amount) / 100,
      r.counted ? C("yes") : C("noLinked"),
    ]),
    total: Number(count[0]?.n ?? 0),
  };
}
