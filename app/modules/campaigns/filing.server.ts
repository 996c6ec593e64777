import type { Db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { Prisma } from "~/generated/prisma/client";
import { filingNumberForm } from "./filing";

const FIELD = { filingNumber: "qualification.filing.taken" };

/**
 * A 慈善中国 filing number embeds the credit code of the organization that filed the plan; it can
 * only be used by that organization. (The bureau form carries no owner, the bureau's review does.)
 */
export async function assertFilingBelongsTo(db: Db, orgId: string, filingNumber: string | null | undefined) {
  if (!filingNumber) return;
  const form = filingNumberForm(filingNumber);
  if (form?.form !== "platform") return;
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { creditCode: true } });
  if (org && org.creditCode !== form.creditCode) throw new AppError("qualification.filing.otherOrg", 400, {}, { filingNumber: "qualification.filing.otherOrg" });
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
