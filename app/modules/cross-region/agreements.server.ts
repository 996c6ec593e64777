/**
 * Cooperation agreements (东西部协作协议, e.g. 鲁渝协作) between the bureau or a district and a
 * partner in another province, recorded and edited by bureau staff. Liaison names and phones are
 * personal data: `agreementForStaff` returns them, the public list never selects them.
 */
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { recordAudit } from "~/modules/audit/audit.server";
import type { AgreementInput } from "./schema";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

function data(input: AgreementInput) {
  return {
    title: input.title,
    partnerName: input.partnerName,
    partnerProvince: input.partnerProvince,
    localName: input.localName,
    localDistrictCode: input.localDistrictCode ?? null,
    startsOn: day(input.startsOn),
    endsOn: input.endsOn ? day(input.endsOn) : null,
    partnerLiaisonName: input.partnerLiaisonName ?? null,
    partnerLiaisonPhone: input.partnerLiaisonPhone ?? null,
    localLiaisonName: input.localLiaisonName ?? null,
    localLiaisonPhone: input.localLiaisonPhone ?? null,
    summary: input.summary ?? null,
  };
}

export async function createAgreement(actorId: string, input: AgreementInput, db: Db = prisma) {
  const a = await db.cooperationAgreement.create({ data: { ...data(input), createdById: actorId }, select: { id: true } });
  await recordAudit({ actorId, action: "crossRegion.agreementCreated", entityType: "CooperationAgreement", entityId: a.id }, db);
  return a;
}

export async function updateAgreement(actorId: string, id: string, input: AgreementInput, db: Db = prisma) {
  const found = await db.cooperationAgreement.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw new AppError("errors.http.404", 404);
  await db.cooperationAgreement.update({ where: { id }, data: { ...data(input), updatedById: actorId } });
  await recordAudit({ actorId, action: "crossRegion.agreementUpdated", entityType: "CooperationAgreement", entityId: id }, db);
}

/** Attaches (or replaces) the signed document, an upload saved by the files module. */
export async function setAgreementDocument(actorId: string, id: string, documentId: string, db: Db = prisma) {
  await db.cooperationAgreement.update({ where: { id }, data: { documentId, updatedById: actorId } });
  await recordAudit({ actorId, action: "crossRegion.agreementDocument", entityType: "CooperationAgreement", entityId: id }, db);
}

const publicSelect = {
  id: true,
  title: true,
  partnerName: true,
  partnerProvince: true,
  localName: true,
  localDistrictCode: true,
  startsOn: true,
  endsOn: true,
  summary: true,
  _count: { select: { pairings: { where: { status: "ACTIVE" as const } } } },
} as const;

/** The public list: parties, period, summary and how many pairings — no liaison contacts. */
export async function listAgreements(db: Db = prisma) {
  return db.cooperationAgreement.findMany({ orderBy: [{ startsOn: "desc" }, { id: "asc" }], take: 200, select: publicSelect });
}

/** Everything, for the staff's page (liaison contacts included). */
export async function agreementForStaff(id: string, db: Db = prisma) {
  const a = await db.cooperationAgreement.findUnique({
    where: { id },
    select: {
      ...publicSelect,
      partnerLiaisonName: true,
      partnerLiaisonPhone: true,
      localLiaisonName: true,
      localLiaisonPhone: true,
      document: { select: { id: true, fileName: true } },
    },
  });
  if (!a) throw new AppError("errors.http.404", 404);
  return a;
}
