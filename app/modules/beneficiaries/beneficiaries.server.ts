/**
 * The private beneficiary register. Only the organization's members and bureau staff reach these
 * functions (routes guard with `org:beneficiaries`); every query is scoped by orgId. The clear ID
 * number never leaves this function: it becomes a keyed hash and a masked form.
 */
import { prisma, type Db } from "~/utils/db.server";
import { paginate } from "~/utils/pagination";
import { AppError } from "~/utils/errors";
import { Prisma } from "~/generated/prisma/client";
import { hashIdNumber } from "~/modules/accounts/accounts.server";
import { idBirthDate, idSex, maskIdNumber, normalizeIdNumber } from "~/modules/accounts/id-number";
import { recordAudit } from "~/modules/audit/audit.server";
import { ageBandOf } from "~/modules/reach/constants";
import type { BeneficiaryInput } from "./schema";

export async function createBeneficiary(orgId: string, actorId: string | null, input: BeneficiaryInput, db: Db = prisma) {
  const id = normalizeIdNumber(input.idNumber);
  const birth = idBirthDate(id);
  if (!birth) throw new AppError("stats.beneficiaries.errors.idNumber", 400, {}, { idNumber: "stats.beneficiaries.errors.idNumber" });
  try {
    const row = await db.beneficiary.create({
      data: {
        orgId,
        name: input.name,
        idNumberHash: hashIdNumber(id),
        idNumberMasked: maskIdNumber(id),
        districtCode: input.districtCode,
        groups: [...new Set(input.groups)],
        sex: idSex(id),
        ageBand: ageBandOf(birth),
        note: input.note ?? null,
      },
      select: { id: true },
    });
    await recordAudit({ actorId, action: "beneficiary.created", entityType: "Beneficiary", entityId: row.id, orgId }, db);
    return row;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("stats.beneficiaries.errors.duplicate", 409, {}, { idNumber: "stats.beneficiaries.errors.duplicate" });
    }
    throw e;
  }
}

export async function listBeneficiaries(orgId: string, opts: { page: number; pageSize: number; q?: string }) {
  const where: Prisma.BeneficiaryWhereInput = { orgId, ...(opts.q ? { name: { contains: opts.q } } : {}) };
  const { rows, pagination } = await paginate(
    opts.page,
    opts.pageSize,
    () => prisma.beneficiary.count({ where }),
    (window) =>
      prisma.beneficiary.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        ...window,
        select: { id: true, name: true, idNumberMasked: true, districtCode: true, groups: true, sex: true, ageBand: true, _count: { select: { reach: true } } },
      }),
  );
  return { rows, total: pagination.total, pagination };
}

/** Short list for pickers (name + masked ID), own organization only. */
export async function beneficiaryOptions(orgId: string) {
  return prisma.beneficiary.findMany({ where: { orgId }, orderBy: { name: "asc" }, take: 500, select: { id: true, name: true, idNumberMasked: true } });
}
