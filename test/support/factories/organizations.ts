import type { PrismaClient } from "~/generated/prisma/client";
import type { MemberRole, OrgStatus, OrgType, ServiceArea } from "~/generated/prisma/enums";
import { makeCreditCode } from "~/modules/organizations/credit-code";

// A random start per process, then a counter: unique for 10 million calls in one process (the
// databases are per test file, so codes only need to be unique within one process).
const seqStart = Math.floor(Math.random() * 1e7);
let seq = 0;

/** A 9-character organization code, unique per call in this process (MJ + 7 digits, like real ones). */
export function nextOrgCode() {
  seq++;
  return `MJ${String((seqStart + seq) % 1e7).padStart(7, "0")}`;
}

export type OrgOverrides = {
  name?: string;
  type?: OrgType;
  status?: OrgStatus;
  districtCode?: string;
  serviceAreas?: ServiceArea[];
  isCharity?: boolean;
  publicFundraising?: boolean;
  isVolunteerGroup?: boolean;
  mission?: string;
  ownerId?: string;
  members?: { userId: string; role: MemberRole }[];
  creditCode?: string;
};

export async function createOrganization(prisma: PrismaClient, o: OrgOverrides & { createdById: string }) {
  const type = o.type ?? "SOCIAL_SERVICE_AGENCY";
  const districtCode = o.districtCode ?? "500114";
  const status = o.status ?? "APPROVED";
  const org = await prisma.organization.create({
    data: {
      name: o.name ?? `测试社会工作服务中心${++seq}`,
      creditCode: o.creditCode ?? makeCreditCode(type, districtCode, nextOrgCode()),
      type,
      status,
      districtCode,
      address: "重庆市黔江区城西街道 1 号",
      contactName: "张老师",
      contactPhone: "023-79221234",
      foundedOn: new Date("2015-06-01T00:00:00Z"),
      mission: o.mission ?? "为困难群众提供社会工作服务，开展扶贫济困、助老助残活动。",
      serviceAreas: o.serviceAreas ?? ["POVERTY_RELIEF", "COMMUNITY"],
      isCharity: o.isCharity ?? false,
      publicFundraising: o.publicFundraising ?? false,
      fundraisingCertificate: o.publicFundraising ? "渝民募证字〔2018〕001号" : null,
      isVolunteerGroup: o.isVolunteerGroup ?? false,
      createdById: o.createdById,
      approvedAt: status === "APPROVED" ? new Date() : null,
    },
    select: { id: true, name: true, creditCode: true, type: true, status: true, districtCode: true },
  });
  await prisma.orgMembership.create({ data: { orgId: org.id, userId: o.ownerId ?? o.createdById, role: "OWNER" } });
  for (const m of o.members ?? []) await prisma.orgMembership.create({ data: { orgId: org.id, userId: m.userId, role: m.role } });
  return org;
}
