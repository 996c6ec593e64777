/**
 * Offline sales by channel (消费扶贫, part 4): an organization records the produce it helped sell
 * outside the shop, one by one here or by import (import.server.ts). Shop orders write their own
 * rows (source SHOP) and are never edited here.
 *
 * Which producer a sale may name: only APPROVED producers the organization supports. The
 * organization vouches for those producers (it registered them and answers for their produce), and
 * a sale of another organization's producer would be counted by that organization too. Produce
 * without a registered producer is recorded with its district of origin. A sale keeps its producer
 * when edited, even if the producer has been suspended since.
 */
import { Prisma } from "~/generated/prisma/client";
import type { ProductCategory, SalesChannel } from "~/generated/prisma/enums";
import { type Db, inTransaction, prisma, replica } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import { EDITABLE_SOURCES, SALES_CHANNELS } from "./constants";
import type { SaleInput, SalesFilter } from "./schema";

export const SALES_PAGE_SIZE = 20;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** What a sale row holds besides its org, source and import fields. */
export type SaleData = {
  soldOn: Date;
  producerId: string | null;
  productId: string | null;
  productName: string | null;
  category: ProductCategory;
  quantity: string | null;
  unit: string | null;
  amountFen: bigint;
  channel: SalesChannel;
  buyerKind: SaleInput["buyerKind"];
  buyerName: string | null;
  districtCode: string;
  eventId: string | null;
  pledgeId: string | null;
  needResponseId: string | null;
};

const fieldError = (field: string, key: string, status = 400, details: Record<string, unknown> = {}) => new AppError(key, status, details, { [field]: key });

/** Checks every reference of the form against the organization and returns the row to write. */
async function resolveSale(tx: Db, orgId: string, input: SaleInput, current?: { id: string; producerId: string | null }): Promise<SaleData> {
  let producer: { id: string; districtCode: string } | null = null;
  // A product chosen alone names its producer.
  const producerId = input.producerId ?? (input.productId ? (await tx.product.findUnique({ where: { id: input.productId }, select: { producerId: true } }))?.producerId : undefined);
  if (input.productId && !producerId) throw fieldError("productId", "sales.errors.product");
  if (producerId) {
    const kept = current?.producerId === producerId;
    producer = await tx.producer.findFirst({
      where: { id: producerId, supportOrgId: orgId, ...(kept ? {} : { status: "APPROVED" as const }) },
      select: { id: true, districtCode: true },
    });
    if (!producer) throw fieldError("producerId", "sales.errors.producer");
  }
  let productName = input.productName ?? null;
  let category = input.category as ProductCategory | undefined;
  let unit = input.unit ?? null;
  if (input.productId) {
    const product = await tx.product.findFirst({ where: { id: input.productId, producerId: producer?.id ?? "-" }, select: { id: true, name: true, category: true, unit: true } });
    if (!product) throw fieldError("productId", "sales.errors.product");
    productName = product.name;
    category = product.category;
    unit ??= product.unit;
  }
  if (!category) throw fieldError("category", "sales.errors.productOrCategory");
  const districtCode = producer?.districtCode ?? input.districtCode;
  if (!districtCode) throw fieldError("districtCode", "sales.errors.districtRequired");

  if (input.eventId) {
    const event = await tx.salesEvent.findUnique({ where: { id: input.eventId }, select: { channel: true, startsOn: true, endsOn: true } });
    if (!event) throw fieldError("eventId", "sales.errors.event");
    if (event.channel !== input.channel) throw fieldError("eventId", "sales.errors.eventChannel");
    if (input.soldOn < iso(event.startsOn) || input.soldOn > iso(event.endsOn)) {
      throw new AppError("sales.errors.eventDates", 400, { from: iso(event.startsOn), to: iso(event.endsOn) }, { eventId: "sales.errors.eventOutside" });
    }
  }
  if (input.pledgeId) {
    const pledge = await tx.purchasePledge.findUnique({ where: { id: input.pledgeId }, select: { year: true, targetDistrictCode: true, targetProducerId: true } });
    const fits =
      pledge &&
      pledge.year === Number(input.soldOn.slice(0, 4)) &&
      (!pledge.targetProducerId || pledge.targetProducerId === producer?.id) &&
      (!pledge.targetDistrictCode || pledge.targetDistrictCode === districtCode);
    if (!fits) throw fieldError("pledgeId", "sales.errors.pledge");
  }
  if (input.needResponseId) {
    const response = await tx.needResponse.findFirst({ where: { id: input.needResponseId, orgId, kind: "PURCHASE", status: "ACCEPTED" }, select: { id: true } });
    if (!response) throw fieldError("needResponseId", "sales.errors.needResponse");
    const used = await tx.consumptionSale.findUnique({ where: { needResponseId: input.needResponseId }, select: { id: true } });
    if (used && used.id !== current?.id) throw fieldError("needResponseId", "sales.errors.needResponseUsed", 409);
  }
  return {
    soldOn: day(input.soldOn),
    producerId: producer?.id ?? null,
    productId: input.productId ?? null,
    productName,
    category,
    quantity: input.quantity ?? null,
    unit,
    amountFen: input.amount,
    channel: input.channel,
    buyerKind: input.buyerKind,
    buyerName: input.buyerName ?? null,
    districtCode,
    eventId: input.eventId ?? null,
    pledgeId: input.pledgeId ?? null,
    needResponseId: input.needResponseId ?? null,
  };
}

/** The audit trail keeps what the figures are made of, never the buyer's name. */
function auditView(s: Pick<SaleData, "soldOn" | "producerId" | "productId" | "category" | "amountFen" | "channel" | "buyerKind" | "districtCode" | "eventId" | "pledgeId" | "needResponseId"> & { quantity: unknown }) {
  return {
    soldOn: iso(s.soldOn),
    producerId: s.producerId,
    productId: s.productId,
    category: s.category,
    quantity: s.quantity === null ? null : String(s.quantity),
    amountFen: s.amountFen.toString(),
    channel: s.channel,
    buyerKind: s.buyerKind,
    districtCode: s.districtCode,
    eventId: s.eventId,
    pledgeId: s.pledgeId,
    needResponseId: s.needResponseId,
  };
}

/** A second sale naming the same purchase offer loses the race on the unique index: same message as the check. */
function uniqueToAppError(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw fieldError("needResponseId", "sales.errors.needResponseUsed", 409);
  throw e;
}

export async function createSale(orgId: string, actorId: string, input: SaleInput, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    const data = await resolveSale(tx, orgId, input);
    const sale = await tx.consumptionSale.create({ data: { ...data, orgId, source: "RECORDED", createdById: actorId }, select: { id: true } }).catch(uniqueToAppError);
    await recordAudit({ actorId, action: "sales.recorded", entityType: "ConsumptionSale", entityId: sale.id, orgId, after: auditView(data) }, tx);
    return sale;
  });
}

const editableSelect = {
  id: true,
  source: true,
  soldOn: true,
  producerId: true,
  productId: true,
  category: true,
  quantity: true,
  amountFen: true,
  channel: true,
  buyerKind: true,
  districtCode: true,
  eventId: true,
  pledgeId: true,
  needResponseId: true,
} as const;

async function loadEditable(tx: Db, orgId: string, saleId: string) {
  const sale = await tx.consumptionSale.findFirst({ where: { id: saleId, orgId }, select: editableSelect });
  if (!sale) throw new AppError("errors.http.404", 404);
  if (!(EDITABLE_SOURCES as readonly string[]).includes(sale.source)) throw new AppError("sales.errors.notEditable", 409);
  return sale;
}

export async function updateSale(orgId: string, saleId: string, actorId: string, input: SaleInput, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    const before = await loadEditable(tx, orgId, saleId);
    const data = await resolveSale(tx, orgId, input, { id: saleId, producerId: before.producerId });
    await tx.consumptionSale.update({ where: { id: saleId }, data, select: { id: true } }).catch(uniqueToAppError);
    await recordAudit({ actorId, action: "sales.updated", entityType: "ConsumptionSale", entityId: saleId, orgId, before: auditView(before), after: auditView(data) }, tx);
    return { id: saleId };
  });
}

export async function deleteSale(orgId: string, saleId: string, actorId: string, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    const before = await loadEditable(tx, orgId, saleId);
    await tx.consumptionSale.delete({ where: { id: saleId } });
    await recordAudit({ actorId, action: "sales.deleted", entityType: "ConsumptionSale", entityId: saleId, orgId, before: { ...auditView(before), source: before.source } }, tx);
  });
}

/** A sale as its edit form shows it (404 for another organization's sale). */
export async function getSale(orgId: string, saleId: string) {
  const sale = await prisma.consumptionSale.findFirst({
    where: { id: saleId, orgId },
    select: { ...editableSelect, productName: true, unit: true, buyerName: true, importJobId: true, createdAt: true },
  });
  if (!sale) return null;
  return { ...sale, soldOn: iso(sale.soldOn), quantity: sale.quantity?.toString() ?? null, amountFen: sale.amountFen.toString(), editable: (EDITABLE_SOURCES as readonly string[]).includes(sale.source) };
}

/**
 * The choices of the sale form: the organization's approved producers with their products, recent
 * and upcoming events, pledges of this year and last, and its accepted purchase offers not yet
 * linked to a sale. `current` keeps the values of the sale being edited selectable.
 */
export async function saleFormOptions(orgId: string, current?: { producerId: string | null; eventId: string | null; pledgeId: string | null; needResponseId: string | null }) {
  const year = Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
  const since = new Date(Date.UTC(year - 1, 0, 1));
  const producers = await prisma.producer.findMany({
    where: { supportOrgId: orgId, OR: [{ status: "APPROVED" }, ...(current?.producerId ? [{ id: current.producerId }] : [])] },
    orderBy: { name: "asc" },
    select: { id: true, name: true, districtCode: true, products: { orderBy: { name: "asc" }, select: { id: true, name: true, unit: true, category: true } } },
  });
  const producerIds = producers.map((p) => p.id);
  const districts = [...new Set(producers.map((p) => p.districtCode))];
  const [events, pledges, needResponses] = await Promise.all([
    prisma.salesEvent.findMany({
      where: { OR: [{ endsOn: { gte: since } }, ...(current?.eventId ? [{ id: current.eventId }] : [])] },
      orderBy: [{ startsOn: "desc" }, { id: "asc" }],
      take: 300,
      select: { id: true, title: true, channel: true, startsOn: true, endsOn: true },
    }),
    prisma.purchasePledge.findMany({
      where: {
        OR: [
          { year: { gte: year - 1 }, OR: [{ targetProducerId: { in: producerIds } }, { targetDistrictCode: { in: districts } }, { targetProducerId: null, targetDistrictCode: null }] },
          ...(current?.pledgeId ? [{ id: current.pledgeId }] : []),
        ],
      },
      orderBy: [{ year: "desc" }, { createdAt: "desc" }],
      take: 300,
      select: { id: true, year: true, buyingUnit: { select: { name: true } } },
    }),
    prisma.needResponse.findMany({
      where: { orgId, kind: "PURCHASE", status: "ACCEPTED", OR: [{ NOT: { id: { in: await linkedResponseIds(orgId) } } }, ...(current?.needResponseId ? [{ id: current.needResponseId }] : [])] },
      orderBy: { createdAt: "desc" },
      select: { id: true, quantity: true, unitPriceFen: true, need: { select: { title: true, produceUnit: true } } },
    }),
  ]);
  return {
    producers: producers.map((p) => ({ id: p.id, name: p.name, products: p.products })),
    events: events.map((e) => ({ id: e.id, title: e.title, channel: e.channel, startsOn: iso(e.startsOn), endsOn: iso(e.endsOn) })),
    pledges: pledges.map((p) => ({ id: p.id, year: p.year, unit: p.buyingUnit.name })),
    needResponses: needResponses.map((r) => ({ id: r.id, title: r.need.title, quantity: r.quantity, unit: r.need.produceUnit, amountFen: r.quantity && r.unitPriceFen ? (r.unitPriceFen * BigInt(r.quantity)).toString() : null })),
  };
}

async function linkedResponseIds(orgId: string) {
  const rows = await prisma.consumptionSale.findMany({ where: { orgId, needResponseId: { not: null } }, select: { needResponseId: true } });
  return rows.map((r) => r.needResponseId!);
}

function filterWhere(orgId: string, f: SalesFilter): Prisma.ConsumptionSaleWhereInput {
  return {
    orgId,
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.from || f.to ? { soldOn: { ...(f.from ? { gte: day(f.from) } : {}), ...(f.to ? { lte: day(f.to) } : {}) } } : {}),
  };
}

const listSelect = {
  id: true,
  source: true,
  soldOn: true,
  productName: true,
  category: true,
  quantity: true,
  unit: true,
  amountFen: true,
  channel: true,
  buyerKind: true,
  buyerName: true,
  districtCode: true,
  needResponseId: true,
  producer: { select: { name: true } },
  event: { select: { title: true } },
} as const;

export async function listSales(orgId: string, filter: SalesFilter, page: number) {
  const where = filterWhere(orgId, filter);
  const { rows, pagination } = await paginate(
    page,
    SALES_PAGE_SIZE,
    () => prisma.consumptionSale.count({ where }),
    (w) => prisma.consumptionSale.findMany({ where, orderBy: [{ soldOn: "desc" }, { createdAt: "desc" }, { id: "desc" }], ...w, select: listSelect }),
  );
  return { rows: rows.map(showRow), pagination };
}

function showRow<T extends { soldOn: Date; quantity: Prisma.Decimal | null; amountFen: bigint; source: string }>(r: T) {
  return {
    ...r,
    soldOn: iso(r.soldOn),
    quantity: r.quantity?.toString() ?? null,
    amountFen: r.amountFen.toString(),
    editable: (EDITABLE_SOURCES as readonly string[]).includes(r.source),
  };
}

/**
 * Totals of the filtered sales by channel (every channel listed, zero when none), the grand total,
 * and how much of it answers accepted purchase offers (already counted with the offer, so the
 * statistics leave it out: no sale is counted twice).
 */
export async function salesTotals(orgId: string, filter: SalesFilter) {
  const where = filterWhere(orgId, filter);
  const [groups, linked] = await Promise.all([
    prisma.consumptionSale.groupBy({ by: ["channel"], where, _sum: { amountFen: true }, _count: { _all: true } }),
    prisma.consumptionSale.aggregate({ where: { ...where, needResponseId: { not: null } }, _sum: { amountFen: true } }),
  ]);
  const byChannel = SALES_CHANNELS.map((channel) => {
    const g = groups.find((x) => x.channel === channel);
    return { channel, count: g?._count._all ?? 0, amountFen: (g?._sum.amountFen ?? 0n).toString() };
  });
  const totalFen = groups.reduce((s, g) => s + (g._sum.amountFen ?? 0n), 0n);
  const alreadyCountedFen = linked._sum.amountFen ?? 0n;
  return {
    byChannel,
    count: groups.reduce((s, g) => s + g._count._all, 0),
    totalFen: totalFen.toString(),
    alreadyCountedFen: alreadyCountedFen.toString(),
    countedFen: (totalFen - alreadyCountedFen).toString(),
  };
}

/** Every filtered sale for the .xlsx export (the organization's own file: buyer names included). */
export async function salesForExport(orgId: string, filter: SalesFilter) {
  // The spreadsheet reads from the read replica (README, "Read replica"); the list page does not.
  const rows = await replica().consumptionSale.findMany({ where: filterWhere(orgId, filter), orderBy: [{ soldOn: "asc" }, { createdAt: "asc" }, { id: "asc" }], select: listSelect });
  return rows.map(showRow);
}
