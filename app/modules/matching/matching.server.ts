/** Loads matching features from the database and ranks with the pure functions in matching.ts. */
import { prisma } from "~/utils/db.server";
import { cutForSearch } from "../../../search/segment.server";
import { nearbyDistricts } from "~/modules/districts/neighbours";
import { rankCandidates, rankNeedsForCandidate, type CandidateFeatures, type MatchScore, type NeedFeatures } from "./matching";
import type { BeneficiaryGroupValue } from "~/modules/beneficiaries/groups";

/** Words too common in this domain to say two listings are alike. */
const STOP = new Set(["需要", "我们", "开展", "服务", "活动", "进行", "提供", "一个", "以及", "相关", "工作", "组织", "社会", "重庆", "重庆市", "帮助", "困难", "群众"]);
export const wordsOf = (text: string) => [...new Set(cutForSearch(text).filter((t) => [...t].length >= 2 && !STOP.has(t)))];

const CAMPAIGN_AREAS: Record<string, string[]> = { EMERGENCY: ["EMERGENCY"], EDUCATION: ["EDUCATION", "CHILDREN"], MEDICAL: ["HEALTH", "MEDICAL", "EMERGENCY"], DISASTER: ["DISASTER"], OTHER: [] };
const GROUP_AREAS: Record<BeneficiaryGroupValue, string[]> = { DISABLED: ["DISABLED"], ELDERLY: ["ELDERLY"], INCAPACITATED: ["ELDERLY", "DISABLED"], LEFT_BEHIND_CHILD: ["CHILDREN"], UNSUPPORTED_CHILD: ["CHILDREN"], ORPHAN: ["CHILDREN"], DIBAO: ["POVERTY_RELIEF"], TEKUN: ["POVERTY_RELIEF"], DIBAO_EDGE: ["POVERTY_RELIEF"], STUDENT: ["EDUCATION"], PATIENT: ["HEALTH"], DISASTER_VICTIM: ["DISASTER"] };

export type Candidate = CandidateFeatures & MatchScore & { name: string; url: string; invited?: boolean; responded?: boolean };

async function organizationFeatures(where: { id?: string } = {}) {
  const orgs = await prisma.organization.findMany({
    where: { status: "APPROVED", ...where },
    select: {
      id: true, name: true, districtCode: true, serviceAreas: true, mission: true, isVolunteerGroup: true,
      _count: { select: { memberships: true, needResponses: { where: { status: "ACCEPTED" } } } },
    },
    take: 2000,
  });
  return orgs.map((o) => ({
    kind: "organization" as const,
    id: o.id,
    name: o.name,
    url: `/orgs/${o.id}`,
    districtCodes: [o.districtCode],
    areas: o.serviceAreas,
    words: wordsOf(`${o.name} ${o.mission}`),
    // Volunteer groups can field more people than their member count shows.
    capacity: o._count.memberships * (o.isVolunteerGroup ? 5 : 1),
    acceptedResponses: o._count.needResponses,
  }));
}

export async function candidatesForNeed(needId: string, limit = 15): Promise<Candidate[]> {
  const need = await prisma.need.findUnique({ where: { id: needId }, select: { id: true, title: true, description: true, category: true, districtCode: true, produceName: true } });
  if (!need) return [];
  const features: NeedFeatures = { id: need.id, districtCode: need.districtCode, category: need.category, words: wordsOf(`${need.title} ${need.description} ${need.produceName ?? ""}`) };

  const [orgs, projects, campaigns, funds, invitations, responses] = await Promise.all([
    organizationFeatures(),
    prisma.volunteerProject.findMany({
      where: { status: "PUBLISHED", org: { status: "APPROVED" } },
      select: { id: true, title: true, description: true, category: true, districtCode: true, orgId: true, shifts: { where: { status: "OPEN" }, select: { capacity: true, taken: true } } },
      take: 2000,
    }),
    prisma.campaign.findMany({ where: { status: "APPROVED" }, select: { id: true, title: true, kind: true, districtCode: true }, take: 500 }),
    prisma.fund.findMany({ where: { status: "ACTIVE" }, select: { id: true, name: true, purpose: true, districtCodes: true, beneficiaryGroups: true }, take: 500 }),
    prisma.needInvitation.findMany({ where: { needId }, select: { orgId: true } }),
    prisma.needResponse.findMany({ where: { needId }, select: { orgId: true } }),
  ]);
  const invited = new Set(invitations.map((i) => i.orgId));
  const responded = new Set(responses.map((r) => r.orgId));

  const candidates = [
    ...orgs.map((o) => ({ ...o, invited: invited.has(o.id), responded: responded.has(o.id) })),
    ...projects.map((p) => ({
      kind: "project" as const,
      id: p.id,
      name: p.title,
      url: `/projects/${p.id}`,
      districtCodes: [p.districtCode],
      areas: [p.category],
      words: wordsOf(`${p.title} ${p.description}`),
      capacity: p.shifts.reduce((s, x) => s + Math.max(0, x.capacity - x.taken), 0),
      acceptedResponses: 0,
    })),
    ...campaigns.map((c) => ({ kind: "campaign" as const, id: c.id, name: c.title, url: `/campaigns/${c.id}`, districtCodes: [c.districtCode], areas: CAMPAIGN_AREAS[c.kind] ?? [], words: wordsOf(c.title), capacity: 0, acceptedResponses: 0 })),
    ...funds.map((f) => ({
      kind: "fund" as const,
      id: f.id,
      name: f.name,
      url: `/funds/${f.id}`,
      districtCodes: f.districtCodes,
      areas: [...new Set(f.beneficiaryGroups.flatMap((g) => GROUP_AREAS[g]))],
      words: wordsOf(`${f.name} ${f.purpose}`),
      capacity: 0,
      acceptedResponses: 0,
    })),
  ];
  return rankCandidates(features, candidates, limit);
}

export type NeedNearYou = NeedFeatures & MatchScore & { title: string; status: string; urgency: string; deadline: Date | null };

/** "Needs near you": open needs an organization could meet, best first (not its own proposals). */
export async function needsForOrganization(orgId: string, limit = 20): Promise<NeedNearYou[]> {
  const [org] = await organizationFeatures({ id: orgId });
  if (!org) return [];
  const needs = await prisma.need.findMany({
    where: { status: { in: ["OPEN", "PARTLY_MET"] }, OR: [{ proposedByOrgId: null }, { proposedByOrgId: { not: orgId } }] },
    select: { id: true, title: true, description: true, category: true, districtCode: true, status: true, urgency: true, deadline: true, produceName: true },
    orderBy: { openedAt: "desc" },
    take: 1000,
  });
  const near = new Set(nearbyDistricts(org.districtCodes[0]!));
  const features = needs.map((n) => ({ id: n.id, title: n.title, status: n.status, urgency: n.urgency, deadline: n.deadline, districtCode: n.districtCode, category: n.category, words: wordsOf(`${n.title} ${n.description} ${n.produceName ?? ""}`), near: near.has(n.districtCode) }));
  return rankNeedsForCandidate(org, features, limit);
}
