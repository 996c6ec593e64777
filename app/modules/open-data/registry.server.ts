/**
 * The public registry of social organizations: only APPROVED ones (the same rule as the public
 * directory and profile pages), and only what a registration certificate shows — never the contact
 * person, phone, address or reviewers' reasons.
 */
import { prisma, type Db } from "~/utils/db.server";
import { districtName } from "~/modules/districts/districts";
import { makeT } from "~/modules/i18n/i18n";
import type { OpenRow } from "./statistics.server";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

export async function openRegistry(db: Db = prisma): Promise<OpenRow[]> {
  const t = makeT("zh-CN");
  const orgs = await db.organization.findMany({
    where: { status: "APPROVED" },
    select: { name: true, creditCode: true, type: true, districtCode: true, status: true, isCharity: true, publicFundraising: true, fundraisingCertificate: true, isVolunteerGroup: true, foundedOn: true, approvedAt: true },
    orderBy: [{ creditCode: "asc" }],
  });
  return orgs.map((o) => ({
    name: o.name,
    credit_code: o.creditCode,
    type: o.type,
    type_name: t(`orgs.types.${o.type}`),
    district_code: o.districtCode,
    district_name: districtName(o.districtCode, "zh-CN"),
    status: o.status,
    is_charity: o.isCharity ? "true" : "false",
    public_fundraising: o.publicFundraising ? "true" : "false",
    // The certificate is only public while the qualification is held.
    fundraising_certificate: o.publicFundraising ? (o.fundraisingCertificate ?? "") : "",
    volunteer_group: o.isVolunteerGroup ? "true" : "false",
    founded_on: day(o.foundedOn),
    // Approval is dated in Shanghai like the statistics' days.
    approved_on: o.approvedAt ? new Date(o.approvedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : "",
  }));
}
