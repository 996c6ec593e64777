/**
 * Where every dashboard figure comes from. Each source is one SQL SELECT over a raw table that
 * yields rows (day, district_code, org_type, org_id, metric, value). The same definition is used
 * three ways, so the three can never disagree:
 *   - the raw computation (FROM the real table, filtered by period/district/type/org),
 *   - the rebuild of the rollups (FROM the real table, all rows),
 *   - statement-level triggers that keep the rollups current (FROM the transition table).
 * A source is only installed when its table and columns exist (other modules' tables arrive over time).
 */

export type MetricSource = {
  key: string;
  table: string;
  columns: string[];
  /** `rows` is the relation to read: a table name or a trigger transition table. */
  select: (rows: string) => string;
};

export type PersonSource = {
  key: string;
  table: string;
  columns: string[];
  /** Yields (day, district_code, org_type, org_id, person_hash). */
  select: (rows: string) => string;
};

/** Day of a `timestamp without time zone` column holding UTC, in Asia/Shanghai. */
const shanghaiDay = (col: string) => `((${col} AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai')::date`;

export const METRIC_SOURCES: MetricSource[] = [
  {
    key: "relief_project",
    table: "ReliefProject",
    columns: ["orgId", "districtCode", "startsOn", "category"],
    select: (rows) => `
      SELECT r."startsOn"::date AS day, r."districtCode" AS district_code, o."type" AS org_type, r."orgId" AS org_id, m.metric, m.value
      FROM ${rows} r JOIN "Organization" o ON o.id = r."orgId"
      CROSS JOIN LATERAL (VALUES ('projects', 1::bigint), ('project_cat:' || r.category::text, 1::bigint)) m(metric, value)`,
  },
  {
    key: "activity",
    table: "Activity",
    columns: ["orgId", "districtCode", "heldOn", "kind", "participants", "volunteers", "staff"],
    select: (rows) => `
      SELECT r."heldOn"::date AS day, r."districtCode" AS district_code, o."type" AS org_type, r."orgId" AS org_id, m.metric, m.value
      FROM ${rows} r JOIN "Organization" o ON o.id = r."orgId"
      CROSS JOIN LATERAL (VALUES
        ('activities', 1::bigint),
        ('participants', r.participants::bigint),
        ('activity_volunteers', r.volunteers::bigint),
        ('activity_kind:' || r.kind::text, 1::bigint)
      ) m(metric, value)`,
  },
  {
    key: "goods_receipt",
    table: "GoodsReceipt",
    columns: ["orgId", "districtCode", "receivedOn", "category", "valueFen"],
    select: (rows) => `
      SELECT r."receivedOn"::date AS day, r."districtCode" AS district_code, o."type" AS org_type, r."orgId" AS org_id, m.metric, m.value
      FROM ${rows} r JOIN "Organization" o ON o.id = r."orgId"
      CROSS JOIN LATERAL (VALUES
        ('goods_value_fen', r."valueFen"),
        ('goods_receipts', 1::bigint),
        ('goods_cat:' || r.category::text, r."valueFen")
      ) m(metric, value)`,
  },
  {
    key: "reach",
    table: "ReachRecord",
    columns: ["orgId", "districtCode", "occurredOn", "source", "headCount", "groups", "sex", "ageBand", "personHash"],
    select: (rows) => `
      SELECT r."occurredOn"::date AS day, r."districtCode" AS district_code, o."type" AS org_type, r."orgId" AS org_id, m.metric, m.value
      FROM ${rows} r JOIN "Organization" o ON o.id = r."orgId"
      CROSS JOIN LATERAL (
        SELECT 'reach_person_times'::text, r."headCount"::bigint
        UNION ALL SELECT 'reach_named', r."headCount"::bigint WHERE r."personHash" IS NOT NULL
        UNION ALL SELECT 'reach_source:' || r.source::text, r."headCount"::bigint
        UNION ALL SELECT 'reach_group:' || g::text, r."headCount"::bigint FROM unnest(r.groups) g
        UNION ALL SELECT 'reach_sex:' || r.sex::text, r."headCount"::bigint WHERE r.sex IS NOT NULL
        UNION ALL SELECT 'reach_age:' || r."ageBand"::text, r."headCount"::bigint WHERE r."ageBand" IS NOT NULL
      ) m(metric, value)`,
  },
  {
    key: "service_record",
    table: "ServiceRecord",
    // Service activity: not disputed and not rejected on review (issue 15.1). Hours still flagged, on
    // notice or under objection are activity that happened as far as anyone knows; only certificates
    // and exports wait for them to count (countingWhere).
    columns: ["orgId", "districtCode", "serviceDate", "minutes", "status", "standing"],
    select: (rows) => `
      SELECT r."serviceDate"::date AS day, r."districtCode" AS district_code, o."type" AS org_type, r."orgId" AS org_id, m.metric, m.value
      FROM ${rows} r JOIN "Organization" o ON o.id = r."orgId"
      CROSS JOIN LATERAL (VALUES ('volunteer_minutes', r.minutes::bigint), ('service_records', 1::bigint)) m(metric, value)
      WHERE r.status::text <> 'DISPUTED' AND r.standing::text <> 'REJECTED'`,
  },
  {
    key: "volunteer_project",
    table: "VolunteerProject",
    columns: ["orgId", "districtCode", "startDate", "status"],
    select: (rows) => `
      SELECT r."startDate"::date AS day, r."districtCode" AS district_code, o."type" AS org_type, r."orgId" AS org_id, 'volunteer_projects'::text AS metric, 1::bigint AS value
      FROM ${rows} r JOIN "Organization" o ON o.id = r."orgId"
      WHERE r.status::text IN ('PUBLISHED', 'CLOSED')`,
  },
  {
    key: "ledger",
    table: "LedgerTransaction",
    columns: ["orgId", "districtCode", "occurredAt", "kind", "amountFen"],
    // raised = donations + offline donations − refunds; disbursed = disbursements (see the ledger's schema notes).
    select: (rows) => `
      SELECT ${shanghaiDay('r."occurredAt"')} AS day, r."districtCode" AS district_code, o."type" AS org_type, r."orgId" AS org_id, m.metric, m.value
      FROM ${rows} r JOIN "Organization" o ON o.id = r."orgId"
      CROSS JOIN LATERAL (
        SELECT 'money_raised_fen'::text, r."amountFen" WHERE r.kind::text IN ('DONATION', 'OFFLINE_DONATION')
        UNION ALL SELECT 'money_raised_fen', -r."amountFen" WHERE r.kind::text = 'REFUND'
        UNION ALL SELECT 'money_offline_fen', r."amountFen" WHERE r.kind::text = 'OFFLINE_DONATION'
        UNION ALL SELECT 'money_disbursed_fen', r."amountFen" WHERE r.kind::text = 'DISBURSEMENT'
      ) m(metric, value)`,
  },
  {
    // 消费扶贫: accepted PURCHASE responses to needs (needs module), valued quantity × unit price,
    // counted on the day they were accepted, in the need's district. `consumption_offer_fen` is the
    // same amount again under its own name: the offers' line of the consumption-aid breakdowns
    // (they have no sales channel), so channel + offers = consumption_aid_fen.
    key: "consumption_aid",
    table: "NeedResponse",
    columns: ["orgId", "needId", "kind", "status", "quantity", "unitPriceFen", "amountFen", "decidedAt"],
    select: (rows) => `
      SELECT ${shanghaiDay('r."decidedAt"')} AS day, n."districtCode" AS district_code, o."type" AS org_type, r."orgId" AS org_id, m.metric, m.value
      FROM ${rows} r JOIN "Organization" o ON o.id = r."orgId" JOIN "Need" n ON n.id = r."needId"
      CROSS JOIN LATERAL (VALUES
        ('consumption_aid_fen', COALESCE(r."amountFen", r.quantity::bigint * r."unitPriceFen", 0::bigint)),
        ('consumption_offer_fen', COALESCE(r."amountFen", r.quantity::bigint * r."unitPriceFen", 0::bigint)),
        ('consumption_aid_purchases', 1::bigint)
      ) m(metric, value)
      WHERE r.kind::text = 'PURCHASE' AND r.status::text = 'ACCEPTED' AND r."decidedAt" IS NOT NULL`,
  },
  {
    // 消费扶贫 sales (issue 13): every row of ConsumptionSale — recorded one by one, imported, or
    // written by the shop when the buyer received the order — on the day sold, in the produce's
    // district of origin, for the organization that recorded it (the producer's supporting one for shop orders).
    //
    // No sale is counted twice: a row linked to a need response (`needResponseId`) answers an
    // accepted PURCHASE offer that the source above already counts at the offer's valuation, so
    // such a row adds nothing to consumption_aid_fen. The breakdowns (channel, category, buyer
    // kind, count) cover the same counted rows only, so that channels + consumption_offer_fen sum
    // exactly to consumption_aid_fen; the linked rows get their own lines (consumption_linked_*)
    // so the dashboard can say how much recorded selling answered offers without adding it again.
    key: "consumption_sale",
    table: "ConsumptionSale",
    columns: ["orgId", "districtCode", "soldOn", "channel", "category", "buyerKind", "amountFen", "needResponseId"],
    select: (rows) => `
      SELECT r."soldOn"::date AS day, r."districtCode" AS district_code, o."type" AS org_type, r."orgId" AS org_id, m.metric, m.value
      FROM ${rows} r JOIN "Organization" o ON o.id = r."orgId"
      CROSS JOIN LATERAL (
        SELECT 'consumption_aid_fen'::text, r."amountFen" WHERE r."needResponseId" IS NULL
        UNION ALL SELECT 'consumption_sales_fen', r."amountFen" WHERE r."needResponseId" IS NULL
        UNION ALL SELECT 'consumption_sales', 1::bigint WHERE r."needResponseId" IS NULL
        UNION ALL SELECT 'consumption_channel:' || r.channel::text, r."amountFen" WHERE r."needResponseId" IS NULL
        UNION ALL SELECT 'consumption_cat:' || r.category::text, r."amountFen" WHERE r."needResponseId" IS NULL
        UNION ALL SELECT 'consumption_buyer:' || r."buyerKind"::text, r."amountFen" WHERE r."needResponseId" IS NULL
        UNION ALL SELECT 'consumption_linked_fen', r."amountFen" WHERE r."needResponseId" IS NOT NULL
        UNION ALL SELECT 'consumption_linked_sales', 1::bigint WHERE r."needResponseId" IS NOT NULL
      ) m(metric, value)`,
  },
  {
    key: "org_registered",
    table: "Organization",
    columns: ["districtCode", "type", "submittedAt", "approvedAt", "status"],
    select: (rows) => `
      SELECT ${shanghaiDay('r."submittedAt"')} AS day, r."districtCode" AS district_code, r."type" AS org_type, r.id AS org_id, 'orgs_registered'::text AS metric, 1::bigint AS value
      FROM ${rows} r
      UNION ALL
      SELECT ${shanghaiDay('r."approvedAt"')}, r."districtCode", r."type", r.id, 'orgs_approved', 1::bigint
      FROM ${rows} r WHERE r."approvedAt" IS NOT NULL AND r.status::text IN ('APPROVED', 'SUSPENDED')`,
  },
];

export const PERSON_SOURCES: PersonSource[] = [
  {
    key: "reach_person",
    table: "ReachRecord",
    columns: ["orgId", "districtCode", "occurredOn", "personHash"],
    select: (rows) => `
      SELECT r."occurredOn"::date AS day, r."districtCode" AS district_code, o."type" AS org_type, r."orgId" AS org_id, r."personHash" AS person_hash
      FROM ${rows} r JOIN "Organization" o ON o.id = r."orgId"
      WHERE r."personHash" IS NOT NULL`,
  },
];

/** Metrics shown as headline figures, in order. Derived ones are computed from these. */
export const HEADLINE_METRICS = [
  "projects",
  "activities",
  "participants",
  "volunteer_minutes",
  "money_raised_fen",
  "goods_value_fen",
  "money_disbursed_fen",
  "reach_person_times",
  "consumption_aid_fen",
  "orgs_registered",
  "orgs_approved",
  "volunteer_projects",
] as const;
