/**
 * The sales import (ORG_TEMPLATES.sales): an organization's own sheet of offline sales, checked in
 * full by the spreadsheet importer's dry run (spreadsheets/import.server.ts runs the job; this file
 * holds the rules of this kind), written only when the whole file is clean.
 *
 * Idempotency: each row gets an import key, a hash of the organization, the row's normalised content
 * (the typed values, so 2020/9/1 and 2020-09-01 are the same row) and which occurrence of that
 * content it is in the file (two identical sales in one file are two sales). ConsumptionSale.importKey
 * is unique and rows are inserted with ON CONFLICT DO NOTHING, so confirming twice, or uploading the
 * same file again, writes each row once.
 */
import { createHash } from "node:crypto";
import type { BuyerKind, ProductCategory, SalesChannel } from "~/generated/prisma/enums";
import { prisma, type Db } from "~/utils/db.server";
import { yuanToFen } from "~/modules/goods/schema";
import zhSales from "~/modules/i18n/locales/zh-CN/sales";
import { recordAudit } from "~/modules/audit/audit.server";
import { colLetter, districtCodeOf, parseSheetDate, squash, today, type ValidRow, type ValidateOptions } from "~/modules/spreadsheets/validate.server";
import type { ImportError, ImportErrorParams } from "~/modules/spreadsheets/import-errors";
import { MAX_IMPORT_ROWS, ORG_TEMPLATES } from "~/modules/spreadsheets/templates";
import { BUYER_KIND_BY_CHINESE, CATEGORY_BY_CHINESE, CHANNEL_BY_CHINESE, EVENT_CHANNELS } from "./constants";
import { parseQuantity } from "./schema";
import type { SaleData } from "./sales.server";

const OLD = "stats.import.errors.";
const OWN = "sales.import.errors.";

/** A sale as an import row yields it: a sale row's data with its day as text, and the row's key. */
export type ImportedSale = Omit<SaleData, "soldOn" | "pledgeId" | "needResponseId"> & { soldOn: string; importKey: string };

const lookup = (map: Record<string, string>, v: string) => map[v] ?? (Object.values(map).includes(v.toUpperCase()) ? v.toUpperCase() : undefined);

/** The key of one row: organization + normalised content + occurrence of that content in the file. */
export function saleImportKey(orgId: string, sale: Omit<ImportedSale, "importKey">, occurrence: number) {
  const content = [sale.soldOn, sale.producerId, sale.productId, sale.productName, sale.category, sale.quantity, sale.unit, sale.amountFen.toString(), sale.channel, sale.buyerKind, sale.buyerName, sale.districtCode, sale.eventId];
  return createHash("sha256").update(JSON.stringify([orgId, content, occurrence])).digest("hex");
}

/** Checks a sales sheet for the organization; every problem by row and column, or the typed rows. */
export async function validateSalesSheet(orgId: string, rows: string[][], options: ValidateOptions = {}) {
  const db = options.db ?? prisma;
  const cols = ORG_TEMPLATES.sales;
  const header = (rows[0] ?? []).map(squash);
  const index = new Map(cols.map((c) => [c.key, header.indexOf(squash(c.header))]));
  const missing = cols.filter((c) => c.required && index.get(c.key)! < 0).map((c) => c.header);
  const none = { valid: [] as ValidRow[], alreadyImported: 0 };
  if (missing.length) return { ...none, errors: [{ row: 1, key: `${OLD}headers`, params: { columns: missing } }] as ImportError[], total: 0 };
  const body = rows.slice(1).map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (!body.length) return { ...none, errors: [{ row: 2, key: `${OLD}empty` }] as ImportError[], total: 0 };
  if (body.length > MAX_IMPORT_ROWS) return { ...none, errors: [{ row: MAX_IMPORT_ROWS + 2, key: `${OLD}tooMany`, params: { max: MAX_IMPORT_ROWS } }] as ImportError[], total: body.length };

  const cell = (cells: string[], key: string) => {
    const i = index.get(key)!;
    return i < 0 ? "" : (cells[i] ?? "").trim();
  };
  // The organization's approved producers (the only ones a sale may name) with their catalogues.
  const producers = await db.producer.findMany({
    where: { supportOrgId: orgId, status: "APPROVED" },
    select: { id: true, name: true, creditCode: true, districtCode: true, products: { select: { id: true, name: true, category: true, unit: true } } },
  });
  const titles = [...new Set(body.map((r) => cell(r.cells, "event")).filter(Boolean))];
  const events = titles.length ? await db.salesEvent.findMany({ where: { title: { in: titles } }, select: { id: true, title: true, channel: true, startsOn: true, endsOn: true } }) : [];

  const errors: ImportError[] = [];
  const typed: { row: number; sale: Omit<ImportedSale, "importKey"> }[] = [];
  const maxDate = today();
  const step = Math.max(1, Math.floor(body.length / 50));
  await options.onProgress?.(0, body.length);
  for (const [n, { row, cells }] of body.entries()) {
    if (n > 0 && n % step === 0) await options.onProgress?.(n, body.length);
    const c: Record<string, string> = {};
    for (const col of cols) c[col.key] = cell(cells, col.key);
    const before = errors.length;
    const bad = (key: string, errorKey: string, params?: ImportErrorParams) => {
      const col = cols.find((x) => x.key === key)!;
      const at = index.get(key)!;
      errors.push({ row, column: at >= 0 ? { header: col.header, letter: colLetter(at) } : null, key: errorKey, params });
    };
    for (const col of cols) if (col.required && !c[col.key]) bad(col.key, `${OLD}required`);
    const text = (key: string, max: number) => {
      if (c[key] && [...c[key]!].length > max) bad(key, `${OLD}tooLong`, { max });
      return c[key] || null;
    };
    const choice = (key: string, map: Record<string, string>, options: string[]) => {
      if (!c[key]) return undefined;
      const v = lookup(map, c[key]!);
      if (!v) bad(key, `${OLD}choice`, { options });
      return v;
    };

    let soldOn: string | undefined;
    if (c.date) {
      const d = parseSheetDate(c.date, maxDate);
      if ("error" in d) bad("date", `${OLD}${d.error}`);
      else soldOn = d.value;
    }
    let amountFen: bigint | undefined;
    if (c.amount) {
      const fen = yuanToFen(c.amount);
      if (fen === null) bad("amount", `${OLD}money`);
      else if (fen <= 0n) bad("amount", `${OLD}positive`);
      else amountFen = fen;
    }
    const channel = choice("channel", CHANNEL_BY_CHINESE, Object.values(zhSales.channels)) as SalesChannel | undefined;
    const buyerKind = choice("buyerKind", BUYER_KIND_BY_CHINESE, Object.values(zhSales.buyerKinds)) as BuyerKind | undefined;
    const buyerName = text("buyer", 100);
    let category = choice("category", CATEGORY_BY_CHINESE, Object.values(zhSales.categories)) as ProductCategory | undefined;
    const productText = text("product", 60);
    let quantity: string | null = null;
    if (c.quantity) {
      quantity = parseQuantity(c.quantity);
      if (quantity === null) bad("quantity", `${OWN}quantity`);
    }
    let unit = text("unit", 10);

    // Producer: by credit code, else by name, among the organization's approved producers.
    let producer: (typeof producers)[number] | undefined;
    if (c.producer) {
      const code = c.producer.toUpperCase();
      const byCode = producers.find((p) => p.creditCode === code);
      const byName = byCode ? [byCode] : producers.filter((p) => p.name === c.producer);
      if (byName.length === 1) producer = byName[0];
      else bad("producer", byName.length ? `${OWN}producerAmbiguous` : `${OWN}producer`);
    }
    // Product: one of the producer's catalogue when the name matches, otherwise free text with a category.
    let productId: string | null = null;
    let productName = productText;
    const product = producer && productText ? producer.products.find((p) => p.name === productText) : undefined;
    if (product) {
      productId = product.id;
      productName = product.name;
      if (category && category !== product.category) bad("category", `${OWN}productCategory`, { product: product.name, category: zhSales.categories[product.category] });
      category = product.category;
      unit ??= product.unit;
    } else if (!category && !c.category && (!c.producer || producer)) {
      bad("category", productText ? `${OWN}productUnknown` : `${OWN}productOrCategory`);
    }
    // District of origin: the producer's, or the one given when there is no producer.
    let districtCode: string | undefined = producer?.districtCode;
    if (!c.producer) {
      if (!c.district) bad(index.get("district")! >= 0 ? "district" : "producer", `${OWN}district`);
      else {
        districtCode = districtCodeOf(c.district);
        if (!districtCode) bad("district", `${OLD}district`);
      }
    }
    // Event: only fair and tourism sales, an event of that name and channel running on the day.
    let eventId: string | null = null;
    if (c.event && channel) {
      if (!(EVENT_CHANNELS as readonly string[]).includes(channel)) bad("event", `${OWN}eventChannel`);
      else if (soldOn) {
        const on = events.filter((e) => e.title === c.event && e.channel === channel && e.startsOn.toISOString().slice(0, 10) <= soldOn! && e.endsOn.toISOString().slice(0, 10) >= soldOn!);
        if (on.length === 1) eventId = on[0]!.id;
        else bad("event", on.length ? `${OWN}eventAmbiguous` : `${OWN}event`);
      }
    }

    if (errors.length === before && soldOn && amountFen && channel && buyerKind && category && districtCode) {
      typed.push({ row, sale: { soldOn, producerId: producer?.id ?? null, productId, productName, category, quantity, unit, amountFen, channel, buyerKind, buyerName, districtCode, eventId } });
    }
  }
  if (errors.length) return { errors, valid: [] as ValidRow[], total: body.length, alreadyImported: 0 };

  const seen = new Map<string, number>();
  const valid: ValidRow[] = typed.map(({ row, sale }) => {
    const content = saleImportKey(orgId, sale, 0);
    const occurrence = seen.get(content) ?? 0;
    seen.set(content, occurrence + 1);
    return { row, orgId, data: { ...sale, importKey: saleImportKey(orgId, sale, occurrence) } };
  });
  let alreadyImported = 0;
  const keys = valid.map((v) => (v.data as ImportedSale).importKey);
  for (let i = 0; i < keys.length; i += 1000) alreadyImported += await db.consumptionSale.count({ where: { importKey: { in: keys.slice(i, i + 1000) } } });
  return { errors, valid, total: body.length, alreadyImported };
}

/** Writes one checked row inside the import's transaction; false when that row was imported before. */
export async function writeImportedSale(tx: Db, r: ValidRow, jobId: string, actorId: string) {
  const d = r.data as ImportedSale;
  const { count } = await tx.consumptionSale.createMany({
    data: [{ ...d, soldOn: new Date(`${d.soldOn}T00:00:00Z`), orgId: r.orgId, source: "IMPORT", importJobId: jobId, createdById: actorId }],
    skipDuplicates: true,
  });
  return count === 1;
}

/** One audit entry per import (not per row): how many rows it wrote and skipped. */
export async function auditSalesImport(tx: Db, orgId: string, jobId: string, actorId: string, written: number, skipped: number) {
  await recordAudit({ actorId, action: "sales.imported", entityType: "ImportJob", entityId: jobId, orgId, after: { written, skipped } }, tx);
}

export const countImportedSales = (jobId: string) => prisma.consumptionSale.count({ where: { importJobId: jobId } });
