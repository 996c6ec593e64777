/** Enumerations of consumption-aid sales, in the order the forms and tables show them. Plain module (no server code). */
import type { BuyerKind, ProductCategory, SalesChannel } from "~/generated/prisma/enums";
import zhSales from "~/modules/i18n/locales/zh-CN/sales";

export const SALES_CHANNELS = ["ONLINE", "MALL", "PAIRED", "TOURISM", "FAIR", "LABOUR"] as const satisfies readonly SalesChannel[];
/** Channels that have public events (展销会, 旅游促销). */
export const EVENT_CHANNELS = ["FAIR", "TOURISM"] as const satisfies readonly SalesChannel[];
export const BUYER_KINDS = ["INDIVIDUAL", "ENTERPRISE", "GOVERNMENT", "SCHOOL_CANTEEN", "ORGANIZATION"] as const satisfies readonly BuyerKind[];
export const PRODUCT_CATEGORIES = ["GRAIN_OIL", "MEAT_POULTRY_EGGS", "FRUIT_VEG", "TEA", "DRIED_SPECIALTY", "HANDICRAFT", "OTHER"] as const satisfies readonly ProductCategory[];
/** Sources an organization may edit or delete; SHOP rows are written by the shop only. */
export const EDITABLE_SOURCES = ["RECORDED", "IMPORT"] as const;

export type SalesChannelValue = (typeof SALES_CHANNELS)[number];
export type EventChannelValue = (typeof EVENT_CHANNELS)[number];

export const isSalesChannel = (v: unknown): v is SalesChannelValue => typeof v === "string" && (SALES_CHANNELS as readonly string[]).includes(v);
export const isEventChannel = (v: unknown): v is EventChannelValue => typeof v === "string" && (EVENT_CHANNELS as readonly string[]).includes(v);

const invert = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k]));
/** Chinese labels as clerks write them in a sheet → enum values. */
export const CHANNEL_BY_CHINESE: Record<string, string> = invert(zhSales.channels);
export const BUYER_KIND_BY_CHINESE: Record<string, string> = { ...invert(zhSales.buyerKinds), 机关: "GOVERNMENT", 事业单位: "GOVERNMENT", 学校: "SCHOOL_CANTEEN", 食堂: "SCHOOL_CANTEEN", 组织: "ORGANIZATION" };
export const CATEGORY_BY_CHINESE: Record<string, string> = invert(zhSales.categories);
