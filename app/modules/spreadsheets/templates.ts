/**
 * The documented import templates (docs/import-template.md): one kind of record per file, the
 * first row holds these Chinese column headers (order free, extra columns ignored). Optional
 * columns may be left out of the file altogether; of the columns sharing an `either` group, at
 * least one must be present, and each row must fill at least one of them.
 */
export const IMPORT_KINDS = ["activities", "goods", "donations", "reach", "projects"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const isImportKind = (k: unknown): k is ImportKind => typeof k === "string" && (IMPORT_KINDS as readonly string[]).includes(k);

export type ColumnDef = { key: string; header: string; required: boolean; example: string; either?: string };

/**
 * Imports an organization runs for itself (its rows carry no organization column): the job's kind
 * is `<kind>:<orgId>`, so the job says whose it is and the organization's pages list only theirs.
 */
export const ORG_IMPORT_KINDS = ["sales"] as const;
export type OrgImportKind = (typeof ORG_IMPORT_KINDS)[number];
export const orgImportKind = (kind: OrgImportKind, orgId: string) => `${kind}:${orgId}` as const;
/** `sales:<orgId>` → { kind: "sales", orgId }; null for the staff kinds. */
export function parseOrgImportKind(stored: string): { kind: OrgImportKind; orgId: string } | null {
  const [kind, orgId] = stored.split(":");
  return orgId && (ORG_IMPORT_KINDS as readonly string[]).includes(kind!) ? { kind: kind as OrgImportKind, orgId } : null;
}

/** The i18n key naming an import kind. */
export const importKindKey = (kind: string) => {
  if (kind.startsWith("platform:")) return "platforms.import.kind";
  const scoped = parseOrgImportKind(kind);
  if (scoped) return `${scoped.kind}.import.kind`;
  return kind === "projects" ? "stats.importer.kinds.projects" : `stats.import.kinds.${kind}`;
};

export const TEMPLATES: Record<ImportKind, ColumnDef[]> = {
  activities: [
    { key: "creditCode", header: "组织统一社会信用代码", required: true, example: "52500114MJ0000001X" },
    { key: "title", header: "活动名称", required: true, example: "春节入户走访慰问" },
    { key: "kind", header: "活动类别", required: true, example: "走访慰问" },
    { key: "date", header: "活动日期", required: true, example: "2020-01-15" },
    { key: "district", header: "区县", required: true, example: "黔江区" },
    { key: "place", header: "地点", required: false, example: "城西街道" },
    { key: "participants", header: "参与人次", required: true, example: "120" },
    { key: "volunteers", header: "志愿者人次", required: false, example: "30" },
    { key: "staff", header: "工作人员人次", required: false, example: "5" },
    { key: "reach", header: "惠及人次", required: false, example: "260" },
    { key: "groups", header: "受助群体", required: false, example: "低保、老年人" },
  ],
  goods: [
    { key: "creditCode", header: "组织统一社会信用代码", required: true, example: "52500114MJ0000001X" },
    { key: "donor", header: "捐赠方", required: true, example: "重庆某某超市" },
    { key: "item", header: "物品名称", required: true, example: "大米" },
    { key: "category", header: "类别", required: true, example: "食品粮油" },
    { key: "unit", header: "单位", required: true, example: "袋" },
    { key: "quantity", header: "数量", required: true, example: "200" },
    { key: "value", header: "折价金额（元）", required: true, example: "16000.00" },
    { key: "date", header: "接收日期", required: true, example: "2020-02-03" },
    { key: "district", header: "区县", required: true, example: "黔江区" },
  ],
  donations: [
    { key: "creditCode", header: "组织统一社会信用代码", required: true, example: "53500000MJ0000003X" },
    { key: "donor", header: "捐赠方", required: true, example: "某某爱心企业" },
    { key: "amount", header: "金额（元）", required: true, example: "50000.00" },
    { key: "date", header: "收款日期", required: true, example: "2020-03-01" },
    { key: "source", header: "来源", required: true, example: "银行转账" },
    { key: "reference", header: "凭证号", required: true, example: "YH20200301001" },
  ],
  reach: [
    { key: "creditCode", header: "组织统一社会信用代码", required: true, example: "52500114MJ0000001X" },
    { key: "date", header: "日期", required: true, example: "2020-04-10" },
    { key: "district", header: "区县", required: true, example: "黔江区" },
    { key: "source", header: "帮扶方式", required: true, example: "物资发放" },
    { key: "headCount", header: "人次", required: true, example: "45" },
    { key: "groups", header: "受助群体", required: false, example: "留守儿童" },
  ],
  // 重点扶贫项目 of past years: each row counts once in the year it started.
  projects: [
    { key: "creditCode", header: "组织统一社会信用代码", required: false, either: "org", example: "52500114MJ0000001X" },
    { key: "orgName", header: "组织名称", required: false, either: "org", example: "黔江区某某社会工作服务中心" },
    { key: "name", header: "项目名称", required: true, example: "易地扶贫搬迁社区融入项目" },
    { key: "district", header: "区县", required: true, example: "黔江区" },
    { key: "year", header: "年度", required: true, example: "2019" },
    { key: "category", header: "项目类别", required: false, example: "扶贫帮困" },
    { key: "amount", header: "项目金额（元）", required: false, example: "300000.00" },
  ],
};

/** Offline sales (消费扶贫 by channel): one row per sale; either a producer or a district of origin, either a product or a category. */
export const ORG_TEMPLATES: Record<OrgImportKind, ColumnDef[]> = {
  sales: [
    { key: "date", header: "日期", required: true, example: "2020-09-12" },
    { key: "producer", header: "供应主体", required: false, example: "石柱县中益乡华溪村蜂蜜专业合作社" },
    { key: "product", header: "产品", required: false, example: "中华蜂土蜂蜜 500克" },
    { key: "category", header: "品类", required: false, example: "干货特产" },
    { key: "quantity", header: "数量", required: false, example: "120" },
    { key: "unit", header: "单位", required: false, example: "瓶" },
    { key: "amount", header: "金额（元）", required: true, example: "8160.00" },
    { key: "channel", header: "渠道", required: true, example: "协作展销" },
    { key: "buyerKind", header: "购买方类型", required: true, example: "企业" },
    { key: "buyer", header: "购买方", required: false, example: "重庆某某商贸有限公司" },
    { key: "event", header: "活动", required: false, example: "2020年渝东南农产品展销会" },
    { key: "district", header: "产地区县", required: false, example: "石柱土家族自治县" },
  ],
};

export const MAX_IMPORT_ROWS = 50_000;
