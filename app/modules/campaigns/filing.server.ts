import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { Prisma } from "~/generated/prisma/client";
import { filingNumberForm } from "./filing";

const FIELD = { filingNumber: "qualification.filing.taken" };

/**
 * Before a campaign or fund takes a filing number: a 慈善中国 number embeds the credit code of the
 * organization that filed the plan, so only that organization may use it (the bureau form carries
 * no owner; the bureau's review covers it); and one filing covers one plan, so the organization's
 * other campaigns and funds must not use it already. Within one table the database's
 * @@unique([orgId, filingNumber]) is the final judge (see rethrowFilingTaken); across the two
 * tables this lookup is.
 */
export async function assertFilingUsable(db: Db, orgId: string, filingNumber: string | null | undefined, self: { campaignId?: string; fundId?: string } = {}) {
  if (!filingNumber) return;
  const form = filingNumberForm(filingNumber);
  if (form?.form === "platform") {
    const org = await db.organization.findUnique({ where: { id: orgId }, select: { creditCode: true } });
    if (org && org.creditCode !== form.creditCode) throw new AppError("qualification.filing.otherOrg", 400, {}, { filingNumber: "qualification.filing.otherOrg" });
  }
  const [campaign, fund] = await Promise.all([
    db.campaign.findFirst({ where: { orgId, filingNumber, ...(self.campaignId ? { id: { not: self.campaignId } } : {}) }, select: { id: true } }),
    db.fund.findFirst({ where: { orgId, filingNumber, ...(self.fundId ? { id: { not: self.fundId } } : {}) }, select: { id: true } }),
  ]);
  if (campaign || fund) throw new AppError("qualification.filing.taken", 409, {}, FIELD);
}

/**
 * Campaign and Fund carry @@unique([orgId, filingNumber]): one filing covers one fundraising plan.
 * The database is the judge (two forms submitted at once cannot both win); this turns its refusal
 * into the form's field message. Anything else is rethrown.
 */
export function rethrowFilingTaken(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
    const target = JSON.stringify(e.meta ?? {});
    if (target.includes("filingNumber") || target.includes("filing")) throw new AppError("qualification.filing.taken", 409, {}, FIELD);
  }
  throw e;
}
