/**
 * Buying units (采购单位) of paired purchasing: enterprises, agencies and government units, school
 * canteens and organizations that pledge yearly purchases of produce from aided areas.
 *
 * Who manages a unit: members of the organization that registered it with `org:shop`, and bureau
 * staff (who may register units themselves; the unit's orgId is then null). The unit's manager
 * (a user named by e-mail) sees the unit and its pledges and counts purchases against them, but
 * does not edit it. Other members of the registering organization may see its pledges, with the
 * contact masked. Contact details are personal data: in full only to those who manage the unit.
 */
import { prisma, type Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { invariantResponse } from "~/utils/responses.server";
import { isStaff, type SessionUser } from "~/modules/accounts/auth.server";
import { maskName, maskPhone } from "~/modules/accounts/mask";
import { recordAudit } from "~/modules/audit/audit.server";
import { getOrgRole, roleHas } from "~/modules/organizations/permissions.server";
import type { Prisma } from "~/generated/prisma/client";
import type { BuyingUnitInput } from "./schema";

export type UnitAccess = { manage: boolean; view: boolean; seeContact: boolean };

/** What a user may do with a unit (see the module comment). */
export async function unitAccessFor(user: Pick<SessionUser, "id" | "globalRole">, unit: { orgId: string | null; managerUserId: string | null }): Promise<UnitAccess> {
  if (isStaff(user)) return { manage: true, view: true, seeContact: true };
  const role = unit.orgId ? await getOrgRole(user.id, unit.orgId) : null;
  const manage = roleHas(role, "org:shop");
  const isManager = unit.managerUserId === user.id;
  return { manage, view: manage || isManager || role !== null, seeContact: manage || isManager };
}

export const unitSelect = {
  id: true,
  name: true,
  kind: true,
  creditCode: true,
  districtCode: true,
  isBudgetUnit: true,
  hasCanteen: true,
  contactName: true,
  contactPhone: true,
  orgId: true,
  managerUserId: true,
  managerUser: { select: { email: true, displayName: true } },
  org: { select: { id: true, name: true } },
  createdAt: true,
} as const satisfies Prisma.BuyingUnitSelect;

type UnitRow = Prisma.BuyingUnitGetPayload<{ select: typeof unitSelect }>;

/** The unit as a page shows it: contact masked unless the viewer manages the unit. */
export function unitView(u: UnitRow, seeContact: boolean) {
  return {
    id: u.id,
    name: u.name,
    kind: u.kind,
    creditCode: u.creditCode,
    districtCode: u.districtCode,
    isBudgetUnit: u.isBudgetUnit,
    hasCanteen: u.hasCanteen,
    contactName: seeContact ? u.contactName : maskName(u.contactName),
    contactPhone: seeContact ? u.contactPhone : maskPhone(u.contactPhone),
    contactMasked: !seeContact,
    managerEmail: seeContact ? (u.managerUser?.email ?? null) : null,
    managerName: u.managerUser?.displayName ?? null,
    org: u.org,
  };
}
export type UnitView = ReturnType<typeof unitView>;

/** Resolves the manager's e-mail to an existing user; an unknown address is a field error. */
async function managerIdOf(db: Db, email: string | undefined) {
  if (!email) return null;
  const u = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!u) throw new AppError("pledges.errors.managerUnknown", 400, {}, { managerEmail: "pledges.validation.managerUnknown" });
  return u.id;
}

function columns(input: BuyingUnitInput) {
  return {
    name: input.name,
    kind: input.kind,
    creditCode: input.creditCode ?? null,
    districtCode: input.districtCode,
    isBudgetUnit: input.isBudgetUnit,
    hasCanteen: input.canteen === "HAS",
    contactName: input.contactName,
    contactPhone: input.contactPhone,
  };
}

/** What the audit trail keeps of a unit: never the contact (personal data). */
const auditedFields = (c: { name: string; kind: string; creditCode: string | null; districtCode: string; isBudgetUnit: boolean; hasCanteen: boolean }, managerUserId: string | null) => ({
  name: c.name,
  kind: c.kind,
  creditCode: c.creditCode,
  districtCode: c.districtCode,
  isBudgetUnit: c.isBudgetUnit,
  hasCanteen: c.hasCanteen,
  /** The declaration "no canteen, so no canteen share", recorded as such. */
  noCanteenDeclared: !c.hasCanteen,
  managerUserId,
});

function rethrowCreditCodeTaken(e: unknown): never {
  if (e && typeof e === "object" && (e as { code?: string }).code === "P2002") {
    throw new AppError("pledges.errors.creditCodeTaken", 409, {}, { creditCode: "pledges.validation.creditCodeTaken" });
  }
  throw e;
}

/** Registers a unit for an organization (orgId) or, with orgId null, by bureau staff. */
export async function createBuyingUnit(orgId: string | null, actorId: string, input: BuyingUnitInput) {
  return prisma
    .$transaction(async (tx) => {
      const managerUserId = await managerIdOf(tx, input.managerEmail);
      const data = { ...columns(input), orgId, managerUserId, createdById: actorId };
      const unit = await tx.buyingUnit.create({ data, select: { id: true } });
      await recordAudit({ actorId, action: "buyingUnit.created", entityType: "BuyingUnit", entityId: unit.id, orgId, after: auditedFields(data, managerUserId) }, tx);
      return unit;
    })
    .catch(rethrowCreditCodeTaken);
}

/** Edits a unit; `orgId` scopes it to the registering organization (null: staff, any unit). */
export async function updateBuyingUnit(scope: { orgId: string } | { staff: true }, unitId: string, actorId: string, input: BuyingUnitInput) {
  return prisma
    .$transaction(async (tx) => {
      const before = await tx.buyingUnit.findFirst({
        where: { id: unitId, ...("orgId" in scope ? { orgId: scope.orgId } : {}) },
        select: { name: true, kind: true, creditCode: true, districtCode: true, isBudgetUnit: true, hasCanteen: true, managerUserId: true, orgId: true },
      });
      if (!before) throw new AppError("errors.http.404", 404);
      const managerUserId = await managerIdOf(tx, input.managerEmail);
      const data = { ...columns(input), managerUserId };
      await tx.buyingUnit.update({ where: { id: unitId }, data });
      await recordAudit(
        { actorId, action: "buyingUnit.updated", entityType: "BuyingUnit", entityId: unitId, orgId: before.orgId, before: auditedFields(before, before.managerUserId), after: auditedFields(data, managerUserId) },
        tx,
      );
    })
    .catch(rethrowCreditCodeTaken);
}

/** A unit by id, or 404; `orgId` restricts it to the organization that registered it. */
export async function loadUnit(unitId: string | undefined, opts: { orgId?: string } = {}) {
  invariantResponse(unitId, 404);
  const unit = await prisma.buyingUnit.findFirst({ where: { id: unitId, ...(opts.orgId ? { orgId: opts.orgId } : {}) }, select: unitSelect });
  invariantResponse(unit, 404);
  return unit;
}

/** The unit's current values for its edit form (only shown to those who manage it). */
export const unitFormDefaults = (u: UnitRow) => ({
  name: u.name,
  kind: u.kind,
  creditCode: u.creditCode ?? "",
  districtCode: u.districtCode,
  isBudgetUnit: u.isBudgetUnit,
  canteen: u.hasCanteen ? "HAS" : "NONE",
  contactName: u.contactName,
  contactPhone: u.contactPhone,
  managerEmail: u.managerUser?.email ?? "",
});
