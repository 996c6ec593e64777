/**
 * Sales events (展销会, 旅游促销): an organization lists the fairs and tourism promotions it holds,
 * with the producers taking part; everyone sees them at /events. A fair gathers producers from
 * many organizations, so any APPROVED producer may be listed: the organization's own ones by
 * choice, others by their unified social credit code. The public page shows only APPROVED
 * producers and the sales recorded at the event as totals, never a buyer.
 */
import type { Prisma } from "~/generated/prisma/client";
import { type Db, inTransaction, prisma } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import type { EventFilter, EventInput } from "./schema";
import { shanghaiToday } from "./schema";

export const EVENTS_PAGE_SIZE = 20;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The producers an event may list: chosen ones among the org's approved (or already listed) producers, plus approved producers named by credit code. */
async function resolveProducers(tx: Db, orgId: string, input: EventInput, alreadyListed: string[] = []) {
  const chosen = [...new Set(input.producerIds.filter(Boolean))];
  const ok = chosen.length
    ? await tx.producer.findMany({ where: { id: { in: chosen }, OR: [{ supportOrgId: orgId, status: "APPROVED" }, { id: { in: alreadyListed } }] }, select: { id: true } })
    : [];
  if (ok.length !== chosen.length) throw new AppError("sales.errors.eventProducer", 400, {}, { producerIds: "sales.errors.eventProducer" });
  const codes = [...new Set((input.otherProducerCodes ?? "").toUpperCase().split(/[\s,，;；、]+/).filter(Boolean))];
  const byCode = codes.length ? await tx.producer.findMany({ where: { creditCode: { in: codes }, status: "APPROVED" }, select: { id: true, creditCode: true } }) : [];
  const unknown = codes.filter((c) => !byCode.some((p) => p.creditCode === c));
  if (unknown.length) throw new AppError("sales.events.producerCodeUnknown", 400, { codes: unknown.join("、") }, { otherProducerCodes: "sales.errors.eventProducer" });
  return [...new Set([...ok.map((p) => p.id), ...byCode.map((p) => p.id)])];
}

const eventData = (input: EventInput) => ({
  channel: input.channel,
  title: input.title,
  startsOn: day(input.startsOn),
  endsOn: day(input.endsOn),
  districtCode: input.districtCode,
  place: input.place,
  description: input.description ?? null,
});

const auditView = (e: Omit<ReturnType<typeof eventData>, "channel"> & { channel: string }, producerIds: string[]) => ({ ...e, startsOn: iso(e.startsOn), endsOn: iso(e.endsOn), producerIds });

export async function createEvent(orgId: string, actorId: string, input: EventInput, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    const producerIds = await resolveProducers(tx, orgId, input);
    const data = eventData(input);
    const event = await tx.salesEvent.create({ data: { ...data, orgId, createdById: actorId, producers: { create: producerIds.map((producerId) => ({ producerId })) } }, select: { id: true } });
    await recordAudit({ actorId, action: "sales.event.created", entityType: "SalesEvent", entityId: event.id, orgId, after: auditView(data, producerIds) }, tx);
    return event;
  });
}

async function loadOwn(tx: Db, orgId: string, eventId: string) {
  const event = await tx.salesEvent.findFirst({
    where: { id: eventId, orgId },
    select: { id: true, channel: true, title: true, startsOn: true, endsOn: true, districtCode: true, place: true, description: true, producers: { select: { producerId: true } } },
  });
  if (!event) throw new AppError("errors.http.404", 404);
  return event;
}

export async function updateEvent(orgId: string, eventId: string, actorId: string, input: EventInput, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    const before = await loadOwn(tx, orgId, eventId);
    const listed = before.producers.map((p) => p.producerId);
    const producerIds = await resolveProducers(tx, orgId, input, listed);
    const data = eventData(input);
    // Sales already linked must stay consistent with the event they name.
    const misfit = await tx.consumptionSale.count({ where: { eventId, OR: [{ channel: { not: data.channel } }, { soldOn: { lt: data.startsOn } }, { soldOn: { gt: data.endsOn } }] } });
    if (misfit) throw new AppError("sales.errors.eventHasSales", 409);
    await tx.salesEvent.update({ where: { id: eventId }, data, select: { id: true } });
    await tx.salesEventProducer.deleteMany({ where: { eventId, producerId: { notIn: producerIds } } });
    await tx.salesEventProducer.createMany({ data: producerIds.map((producerId) => ({ eventId, producerId })), skipDuplicates: true });
    const { producers: _p, id: _id, ...rest } = before;
    await recordAudit({ actorId, action: "sales.event.updated", entityType: "SalesEvent", entityId: eventId, orgId, before: auditView(rest, listed), after: auditView(data, producerIds) }, tx);
    return { id: eventId };
  });
}

export async function deleteEvent(orgId: string, eventId: string, actorId: string, db: Db = prisma) {
  return inTransaction(db, async (tx) => {
    const before = await loadOwn(tx, orgId, eventId);
    if (await tx.consumptionSale.count({ where: { eventId } })) throw new AppError("sales.errors.eventHasSales", 409);
    await tx.salesEvent.delete({ where: { id: eventId } });
    const { producers, id: _id, ...rest } = before;
    await recordAudit({ actorId, action: "sales.event.deleted", entityType: "SalesEvent", entityId: eventId, orgId, before: auditView(rest, producers.map((p) => p.producerId)) }, tx);
  });
}

/** An event of the organization as its edit form shows it (null for another organization's). */
export async function getOrgEvent(orgId: string, eventId: string) {
  const e = await prisma.salesEvent.findFirst({
    where: { id: eventId, orgId },
    select: {
      id: true,
      channel: true,
      title: true,
      startsOn: true,
      endsOn: true,
      districtCode: true,
      place: true,
      description: true,
      producers: { select: { producer: { select: { id: true, name: true, creditCode: true, supportOrgId: true } } } },
      _count: { select: { sales: true } },
    },
  });
  if (!e) return null;
  const own = e.producers.filter((p) => p.producer.supportOrgId === orgId).map((p) => p.producer.id);
  const others = e.producers.filter((p) => p.producer.supportOrgId !== orgId).map((p) => p.producer);
  return {
    id: e.id,
    channel: e.channel,
    title: e.title,
    startsOn: iso(e.startsOn),
    endsOn: iso(e.endsOn),
    districtCode: e.districtCode,
    place: e.place,
    description: e.description,
    producerIds: own,
    // Producers of other organizations stay listed by their code (a household has none: kept by id).
    otherProducerCodes: others.map((p) => p.creditCode).filter(Boolean).join("\n"),
    otherProducerIds: others.filter((p) => !p.creditCode).map((p) => p.id),
    salesCount: e._count.sales,
  };
}

/** The organization's approved producers, for the event form's checkboxes. */
export async function eventProducerOptions(orgId: string) {
  return prisma.producer.findMany({ where: { supportOrgId: orgId, status: "APPROVED" }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}

export async function listOrgEvents(orgId: string, page: number) {
  const where = { orgId };
  const { rows, pagination } = await paginate(
    page,
    EVENTS_PAGE_SIZE,
    () => prisma.salesEvent.count({ where }),
    (w) =>
      prisma.salesEvent.findMany({
        where,
        orderBy: [{ startsOn: "desc" }, { id: "asc" }],
        ...w,
        select: { id: true, channel: true, title: true, startsOn: true, endsOn: true, districtCode: true, place: true, _count: { select: { producers: true, sales: true } } },
      }),
  );
  return { rows: rows.map((e) => ({ ...e, startsOn: iso(e.startsOn), endsOn: iso(e.endsOn) })), pagination };
}

const publicSelect = {
  id: true,
  channel: true,
  title: true,
  startsOn: true,
  endsOn: true,
  districtCode: true,
  place: true,
  org: { select: { id: true, name: true } },
  _count: { select: { producers: { where: { producer: { status: "APPROVED" } } } } },
} as const satisfies Prisma.SalesEventSelect;

/**
 * The public list: events still running or to come (soonest first) and past ones (latest first),
 * each paged on its own (`upcomingPage`, `page`).
 */
export async function listPublicEvents(filter: EventFilter, pages: { upcoming: number; past: number }) {
  const today = day(shanghaiToday());
  const base: Prisma.SalesEventWhereInput = { ...(filter.district ? { districtCode: filter.district } : {}), ...(filter.channel ? { channel: filter.channel } : {}) };
  const show = (e: Prisma.SalesEventGetPayload<{ select: typeof publicSelect }>) => ({ ...e, startsOn: iso(e.startsOn), endsOn: iso(e.endsOn), producerCount: e._count.producers });
  const upcomingWhere = { ...base, endsOn: { gte: today } };
  const pastWhere = { ...base, endsOn: { lt: today } };
  const [upcoming, past] = await Promise.all([
    paginate(
      pages.upcoming,
      EVENTS_PAGE_SIZE,
      () => prisma.salesEvent.count({ where: upcomingWhere }),
      (w) => prisma.salesEvent.findMany({ where: upcomingWhere, orderBy: [{ startsOn: "asc" }, { id: "asc" }], ...w, select: publicSelect }),
    ),
    paginate(
      pages.past,
      EVENTS_PAGE_SIZE,
      () => prisma.salesEvent.count({ where: pastWhere }),
      (w) => prisma.salesEvent.findMany({ where: pastWhere, orderBy: [{ startsOn: "desc" }, { id: "asc" }], ...w, select: publicSelect }),
    ),
  ]);
  return { upcoming: { rows: upcoming.rows.map(show), pagination: upcoming.pagination }, past: { rows: past.rows.map(show), pagination: past.pagination } };
}

/** One public event: place, dates, approved producers, and the sales recorded at it as totals only. */
export async function getPublicEvent(eventId: string) {
  const e = await prisma.salesEvent.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      channel: true,
      title: true,
      startsOn: true,
      endsOn: true,
      districtCode: true,
      place: true,
      description: true,
      org: { select: { id: true, name: true } },
      producers: { where: { producer: { status: "APPROVED" } }, orderBy: { producer: { name: "asc" } }, select: { producer: { select: { id: true, name: true, districtCode: true, kind: true } } } },
    },
  });
  if (!e) return null;
  const sales = await prisma.consumptionSale.aggregate({ where: { eventId }, _sum: { amountFen: true }, _count: { _all: true } });
  return {
    ...e,
    startsOn: iso(e.startsOn),
    endsOn: iso(e.endsOn),
    producers: e.producers.map((p) => p.producer),
    sales: { count: sales._count._all, amountFen: (sales._sum.amountFen ?? 0n).toString() },
  };
}
