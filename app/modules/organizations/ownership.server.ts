/**
 * Data belongs to its organization: every id a form sends (a campaign, a fund, a project, a shift, a
 * goods item, a beneficiary, a relief project, a need…) must be the acting organization's before
 * anything is written with it. Services call this once with all the ids of the input; an id of
 * another organization answers 404 exactly like an unknown one, so a form cannot be used to learn
 * which ids exist elsewhere. See docs/decisions/006-private-by-default.md.
 */
import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";

type Id = string | null | undefined;

export type OwnedIds = {
  campaignId?: Id;
  fundId?: Id;
  /** A volunteer project. */
  projectId?: Id;
  shiftId?: Id;
  reliefProjectId?: Id;
  /** A goods item of the organization's store (GoodsItem). */
  goodsItemId?: Id;
  beneficiaryId?: Id;
  beneficiaryIds?: readonly string[];
  disbursementId?: Id;
  donationId?: Id;
  /**
   * A need the organization may link its work to: one it proposed, or one it has a pending or
   * accepted response on. Needs are public, but linking a campaign or goods to a need the
   * organization has nothing to do with would claim someone else's work.
   */
  needId?: Id;
};

type Check = (db: Db, orgId: string, ids: string[]) => Promise<number>;

const CHECKS: Record<Exclude<keyof OwnedIds, "beneficiaryIds">, Check> = {
  campaignId: (db, orgId, ids) => db.campaign.count({ where: { id: { in: ids }, orgId } }),
  fundId: (db, orgId, ids) => db.fund.count({ where: { id: { in: ids }, orgId } }),
  projectId: (db, orgId, ids) => db.volunteerProject.count({ where: { id: { in: ids }, orgId } }),
  shiftId: (db, orgId, ids) => db.shift.count({ where: { id: { in: ids }, project: { orgId } } }),
  reliefProjectId: (db, orgId, ids) => db.reliefProject.count({ where: { id: { in: ids }, orgId } }),
  goodsItemId: (db, orgId, ids) => db.goodsItem.count({ where: { id: { in: ids }, orgId } }),
  beneficiaryId: (db, orgId, ids) => db.beneficiary.count({ where: { id: { in: ids }, orgId } }),
  disbursementId: (db, orgId, ids) => db.disbursement.count({ where: { id: { in: ids }, orgId } }),
  donationId: (db, orgId, ids) => db.donation.count({ where: { id: { in: ids }, orgId } }),
  needId: (db, orgId, ids) =>
    db.need.count({ where: { id: { in: ids }, OR: [{ proposedByOrgId: orgId }, { responses: { some: { orgId, status: { in: ["PENDING", "ACCEPTED"] } } } }] } }),
};

/**
 * Throws a 404 AppError (with the field's error, for forms) unless every given id belongs to
 * `orgId`. Empty values are skipped. Pass the transaction client to check inside the write.
 */
export async function assertOwnedByOrg(db: Db, orgId: string, ids: OwnedIds): Promise<void> {
  for (const [key, value] of Object.entries(ids) as [keyof OwnedIds, Id | readonly string[]][]) {
    const list = [...new Set((Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string" && v.length > 0))];
    if (!list.length) continue;
    const check = CHECKS[key === "beneficiaryIds" ? "beneficiaryId" : key];
    if ((await check(db, orgId, list)) !== list.length) {
      throw new AppError("privacy.errors.notYours", 404, {}, { [key]: "privacy.errors.notYours" });
    }
  }
}
