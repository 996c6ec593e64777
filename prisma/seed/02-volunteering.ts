/**
 * Volunteer projects drawn from the 2020 Chongqing reports (shared/seeds): community service in the
 * 李家溪 resettlement area, weekend tutoring for left-behind children in 城口, visits to a 敬老院,
 * road-crossing duty during epidemic control (Feb–Mar 2020), help with consumption-aid sales. Past
 * shifts carry attendance and confirmed service records (one disputed and corrected, audited);
 * future shifts carry sign-ups and a waitlist.
 */
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import type { ProjectStatus, ServiceArea } from "~/generated/prisma/enums";
import { createUser } from "../../test/support/factories/accounts";
import { newCertificateCode, newCheckInCode } from "~/modules/volunteering/codes.server";
import { isoDate } from "~/utils/format";
import type { SeedContext } from "../seed";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const VOLUNTEER_NAMES = ["张秀英", "王建国", "李春梅", "刘德华", "陈思远", "杨丽", "黄小龙", "周敏", "吴桂兰", "徐海", "孙志强", "马玉珍", "朱雨欣", "胡军", "郭晓红", "何文", "高宇航", "林芳", "罗明", "谢婷婷", "冉光荣", "向阳", "田秀兰", "彭家豪"];
const DISTRICTS = ["500114", "500114", "500229", "500101", "500240", "500103", "500106"];

type ShiftPlan = { start: Date; hours: number; capacity: number; place?: string; skill?: string };
type ProjectPlan = {
  org: string;
  by: string;
  title: string;
  description: string;
  category: ServiceArea;
  district: string;
  address: string;
  start: Date;
  end: Date;
  status: ProjectStatus;
  skills?: string[];
  requirements?: string;
  minAge?: number;
  maxAge?: number;
  contact: [string, string];
  shifts: ShiftPlan[];
};

/** A Beijing-time instant on a calendar day `days` from today. */
function beijing(days: number, hhmm: string) {
  return new Date(`${isoDate(new Date(Date.now() + days * DAY))}T${hhmm}:00+08:00`);
}
const dateOnly = (d: Date) => new Date(`${isoDate(d)}T00:00:00Z`);
const weekly = (fromDays: number, count: number, hhmm: string, hours: number, capacity: number, extra: Partial<ShiftPlan> = {}) =>
  Array.from({ length: count }, (_, i) => ({ start: beijing(fromDays + i * 7, hhmm), hours, capacity, ...extra }));

export async function seed(prisma: PrismaClient, ctx: SeedContext) {
  const volunteers: { id: string }[] = [ctx.users.volunteerXu!, ctx.users.volunteerHe!];
  for (const [i, name] of VOLUNTEER_NAMES.entries()) {
    volunteers.push(
      await createUser(prisma, {
        email: `v${String(i + 1).padStart(2, "0")}@shanlian.demo`,
        displayName: name,
        password: ctx.demoPassword ?? randomBytes(9).toString("base64url"),
        profile: { realName: name, districtCode: DISTRICTS[i % DISTRICTS.length], phone: `139${String(23000000 + i * 7919).slice(-8)}` },
      }),
    );
  }
  await prisma.volunteerProfile.updateMany({ where: { userId: { in: volunteers.slice(0, 8).map((v) => v.id) } }, data: { skills: ["教学辅导", "急救"] } });

  const plans: ProjectPlan[] = [
    {
      org: "lijiaxi",
      by: "chenJing",
      title: "李家溪安置区搬迁群众社区融入志愿服务",
      description:
        "李家溪易地扶贫搬迁安置区住着 400 多户搬迁群众。每周六上午，志愿者到社区服务中心：\n\n- 帮助新搬来的群众熟悉社区，办理就医、就学、社保等事务\n- 陪伴独居老人聊天，协助打扫卫生\n- 组织儿童托管和课后游戏\n\n**请穿方便活动的衣服，社区提供志愿者马甲。**",
      category: "COMMUNITY",
      district: "500114",
      address: "黔江区城南街道李家溪社区服务中心",
      start: dateOnly(new Date(Date.now() - 60 * DAY)),
      end: dateOnly(new Date(Date.now() + 60 * DAY)),
      status: "PUBLISHED",
      skills: ["沟通", "儿童看护"],
      requirements: "年满 16 周岁，未满 18 周岁须有监护人同意",
      minAge: 16,
      contact: ["陈静", "023-79221234"],
      shifts: [...weekly(-56, 8, "09:00", 3, 8), ...weekly(3, 6, "09:00", 3, 8)],
    },
    {
      org: "chengkouChildren",
      by: "zhaoLei",
      title: "城口县留守儿童周末课业辅导",
      description: "为城口县葛城街道的留守儿童提供周末课业辅导和亲情陪伴，每次两小时。\n\n1. 检查并辅导作业\n2. 阅读陪伴\n3. 安全教育小课堂",
      category: "CHILDREN",
      district: "500229",
      address: "城口县葛城街道社区学校",
      start: dateOnly(new Date(Date.now() - 45 * DAY)),
      end: dateOnly(new Date(Date.now() + 75 * DAY)),
      status: "PUBLISHED",
      skills: ["教学辅导"],
      requirements: "年满 18 周岁，具有高中及以上学历",
      minAge: 18,
      contact: ["赵磊", "023-59221234"],
      shifts: [...weekly(-42, 6, "14:00", 2, 6, { skill: "教学辅导" }), ...weekly(4, 8, "14:00", 2, 3, { skill: "教学辅导" })],
    },
    {
      org: "qianjiangElderly",
      by: "chenJing",
      title: "黔江区中心敬老院探访陪伴",
      description: "每月两次到敬老院看望特困供养老人：陪老人聊天、读报、理发、剪指甲，协助工作人员开展文娱活动。",
      category: "ELDERLY",
      district: "500114",
      address: "黔江区城西街道中心敬老院",
      start: dateOnly(new Date(Date.now() - 90 * DAY)),
      end: dateOnly(new Date(Date.now() + 90 * DAY)),
      status: "PUBLISHED",
      requirements: "持健康证明；有理发技能者优先",
      contact: ["陈静", "023-79221234"],
      shifts: [...weekly(-81, 6, "09:30", 3, 10), ...weekly(2, 6, "09:30", 3, 2)],
    },
    {
      org: "wanzhouVolunteers",
      by: "sunLi",
      title: "疫情防控道口值守志愿服务",
      description: "新冠肺炎疫情防控期间，在万州城区主要道口协助开展体温检测、车辆登记和防疫宣传。",
      category: "EMERGENCY",
      district: "500101",
      address: "万州区高笋塘街道各主要道口",
      start: new Date("2020-02-01T00:00:00Z"),
      end: new Date("2020-03-31T00:00:00Z"),
      status: "CLOSED",
      requirements: "年满 18 周岁、60 周岁以下，身体健康",
      minAge: 18,
      maxAge: 60,
      contact: ["孙丽", "023-58221234"],
      shifts: Array.from({ length: 12 }, (_, i) => ({ start: new Date(new Date(`2020-02-${String(3 + i * 2).padStart(2, "0")}T08:00:00+08:00`).getTime()), hours: 6, capacity: 12, place: i % 2 ? "高笋塘道口" : "万州北站道口" })),
    },
    {
      org: "volunteerFederation",
      by: "liMing",
      title: "石柱黄连、莼菜消费扶贫助销志愿者",
      description: "协助石柱县农产品产销协会开展线上直播带货和社区直销：分拣打包、直播间助播、社区团购点值守。",
      category: "CONSUMPTION_AID",
      district: "500240",
      address: "石柱土家族自治县南宾街道农产品展销中心",
      start: dateOnly(new Date(Date.now() + 7 * DAY)),
      end: dateOnly(new Date(Date.now() + 37 * DAY)),
      status: "PUBLISHED",
      skills: ["直播", "打包"],
      contact: ["李明", "023-63221234"],
      shifts: weekly(8, 4, "10:00", 4, 15),
    },
    {
      org: "lijiaxi",
      by: "chenJing",
      title: "李家溪社区暑期儿童托管（筹备中）",
      description: "暑期为安置区双职工家庭的孩子提供白天托管，计划招募大学生志愿者。",
      category: "CHILDREN",
      district: "500114",
      address: "黔江区城南街道李家溪社区服务中心",
      start: dateOnly(new Date(Date.now() + 40 * DAY)),
      end: dateOnly(new Date(Date.now() + 80 * DAY)),
      status: "DRAFT",
      minAge: 18,
      contact: ["陈静", "023-79221234"],
      shifts: [],
    },
  ];

  let records = 0;
  for (const [pi, p] of plans.entries()) {
    const org = ctx.orgs[p.org]!;
    const createdById = ctx.users[p.by]!.id;
    const project = await prisma.volunteerProject.create({
      data: {
        orgId: org.id,
        createdById,
        title: p.title,
        description: p.description,
        category: p.category,
        districtCode: p.district,
        address: p.address,
        startDate: p.start,
        endDate: p.end,
        skills: p.skills ?? [],
        requirements: p.requirements ?? null,
        minAge: p.minAge ?? null,
        maxAge: p.maxAge ?? null,
        contactName: p.contact[0],
        contactPhone: p.contact[1],
        cancelCutoffHours: 24,
        status: p.status,
        publishedAt: p.status === "DRAFT" ? null : new Date(p.start.getTime() - 10 * DAY),
        createdAt: new Date(Math.min(Date.now(), p.start.getTime() - 14 * DAY)),
      },
      select: { id: true },
    });
    await prisma.auditLog.create({ data: { actorId: createdById, action: "project.created", entityType: "VolunteerProject", entityId: project.id, orgId: org.id, after: { title: p.title, status: "DRAFT" } } });
    await prisma.searchOutbox.create({ data: { kind: "project", entityId: project.id } });

    for (const [si, s] of p.shifts.entries()) {
      const endsAt = new Date(s.start.getTime() + s.hours * HOUR);
      const past = endsAt.getTime() < Date.now();
      const shift = await prisma.shift.create({
        data: { projectId: project.id, startsAt: s.start, endsAt, place: s.place ?? p.address, capacity: s.capacity, requiredSkill: s.skill ?? null, checkInCode: newCheckInCode() },
        select: { id: true },
      });
      // Who came: a rotating slice of the volunteers, some over capacity onto the waitlist.
      const wanted = past ? Math.min(s.capacity, 3 + ((pi + si) % (s.capacity - 1 || 1))) : s.capacity <= 3
          ? s.capacity + 2 // small shifts are over-subscribed: a waitlist to show
          : 2 + ((pi * 3 + si) % 5);
      const eligible = s.skill ? volunteers.slice(0, 8) : volunteers;
      const chosen = Array.from({ length: wanted }, (_, k) => eligible[(pi * 5 + si * 3 + k) % eligible.length]!).filter((v, k, arr) => arr.findIndex((x) => x.id === v.id) === k);
      let taken = 0;
      let position = 0;
      for (const [k, v] of chosen.entries()) {
        if (past) {
          const noShow = k === chosen.length - 1 && si % 4 === 3;
          const signup = await prisma.shiftSignup.create({
            data: {
              shiftId: shift.id,
              userId: v.id,
              status: noShow ? "NO_SHOW" : "ATTENDED",
              checkedInAt: noShow ? null : new Date(s.start.getTime() + (k % 3) * 5 * 60_000),
              checkedOutAt: noShow ? null : endsAt,
              createdAt: new Date(s.start.getTime() - 3 * DAY),
            },
            select: { id: true },
          });
          taken++;
          if (noShow) continue;
          const minutes = s.hours * 60 - (k % 3) * 5;
          const disputed = pi === 0 && si === 1 && k === 0;
          const record = await prisma.serviceRecord.create({
            data: {
              userId: v.id,
              orgId: org.id,
              projectId: project.id,
              shiftId: shift.id,
              signupId: signup.id,
              districtCode: p.district,
              category: p.category,
              serviceDate: dateOnly(s.start),
              minutes: disputed ? 60 : minutes,
              role: p.category === "CHILDREN" ? "辅导员" : p.category === "EMERGENCY" ? "道口值守" : "志愿者",
              status: disputed ? "CORRECTED" : "CONFIRMED",
              disputeReason: disputed ? "签退时间记录有误，实际服务 3 小时" : null,
              correctionNote: disputed ? "核对签到表后更正为 3 小时" : null,
              confirmedById: createdById,
              createdAt: endsAt,
            },
            select: { id: true },
          });
          records++;
          await prisma.auditLog.create({ data: { actorId: createdById, action: "serviceRecord.confirmed", entityType: "ServiceRecord", entityId: record.id, orgId: org.id, createdAt: endsAt, after: { minutes: disputed ? 60 : minutes } } });
          if (disputed) {
            await prisma.serviceRecord.update({ where: { id: record.id }, data: { minutes: 180 } });
            await prisma.auditLog.create({ data: { actorId: v.id, action: "serviceRecord.disputed", entityType: "ServiceRecord", entityId: record.id, orgId: org.id, reason: "签退时间记录有误，实际服务 3 小时", before: { status: "CONFIRMED" }, after: { status: "DISPUTED" } } });
            await prisma.auditLog.create({ data: { actorId: createdById, action: "serviceRecord.corrected", entityType: "ServiceRecord", entityId: record.id, orgId: org.id, reason: "核对签到表后更正为 3 小时", before: { minutes: 60, status: "DISPUTED" }, after: { minutes: 180, status: "CORRECTED" } } });
          }
        } else {
          const hasPlace = taken < s.capacity;
          await prisma.shiftSignup.create({ data: { shiftId: shift.id, userId: v.id, status: hasPlace ? "CONFIRMED" : "WAITLISTED", waitlistPosition: hasPlace ? null : ++position } });
          if (hasPlace) taken++;
        }
      }
      await prisma.shift.update({ where: { id: shift.id }, data: { taken } });
    }
  }

  // 许晓燕 keeps a certificate for her service so far.
  const xu = ctx.users.volunteerXu!.id;
  const mine = await prisma.serviceRecord.findMany({ where: { userId: xu, status: { in: ["CONFIRMED", "CORRECTED"] } }, orderBy: { serviceDate: "asc" }, select: { serviceDate: true, minutes: true, role: true, org: { select: { name: true } }, project: { select: { title: true } } } });
  if (mine.length) {
    const byOrg = new Map<string, { name: string; minutes: number; records: number }>();
    for (const r of mine) {
      const o = byOrg.get(r.org.name) ?? { name: r.org.name, minutes: 0, records: 0 };
      o.minutes += r.minutes;
      o.records++;
      byOrg.set(r.org.name, o);
    }
    const profile = await prisma.volunteerProfile.findUniqueOrThrow({ where: { userId: xu }, select: { realName: true, idNumberMasked: true } });
    await prisma.serviceCertificate.create({
      data: {
        code: newCertificateCode(),
        userId: xu,
        periodStart: mine[0]!.serviceDate,
        periodEnd: mine.at(-1)!.serviceDate,
        totalMinutes: mine.reduce((s, r) => s + r.minutes, 0),
        recordCount: mine.length,
        snapshot: {
          realName: profile.realName,
          idNumberMasked: profile.idNumberMasked,
          orgs: [...byOrg.values()],
          records: mine.map((r) => ({ date: isoDate(r.serviceDate), org: r.org.name, project: r.project.title, role: r.role, minutes: r.minutes })),
        },
      },
    });
  }
  const upcoming = await prisma.shiftSignup.findFirst({ where: { userId: xu, status: "CONFIRMED" }, select: { shift: { select: { project: { select: { title: true } } } } } });
  if (upcoming) await prisma.notification.create({ data: { userId: xu, kind: "volunteering.signupConfirmed", params: { project: upcoming.shift.project.title, time: "" }, link: "/me/volunteering" } });
  ctx.log(`  volunteering: ${plans.length} projects, ${volunteers.length} volunteers, ${records} service records`);
}
