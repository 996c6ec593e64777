/**
 * Excel (.xlsx) exports: a shift roster and the service records of an organization. Each sheet has
 * a title line, a line stating the filters used, then the header row (Chinese column names) with
 * auto-filter. Mobile numbers are masked unless the caller asks for them (an organization role with
 * "org:volunteering" giving a reason, audited by the route).
 */
import ExcelJS from "exceljs";
import { prisma, replica } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { districtName } from "~/modules/districts/districts";
import { makeT } from "~/modules/i18n/i18n";
import type { RecordFilter } from "./schema";
import { maskPhone } from "~/modules/accounts/mask";
import { getRoster } from "./attendance.server";
import { recordWhere } from "./records.server";
import { beijingTime } from "./time";
import { minutesToHours } from "./types";
import { counts } from "./standing";

const t = makeT("zh-CN");

function sheet(wb: ExcelJS.Workbook, name: string, title: string, filters: string, columns: { header: string; width: number }[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 4 }] });
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.addRow([filters]).font = { color: { argb: "FF555555" } };
  ws.addRow([]);
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8F0E8" } };
  columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: columns.length } };
  return ws;
}

async function toBuffer(wb: ExcelJS.Workbook) {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function rosterWorkbook(orgId: string, shiftId: string, opts: { clear: boolean; phones?: boolean }) {
  const { shift, rows } = await getRoster(orgId, shiftId, { clear: opts.clear });
  const wb = new ExcelJS.Workbook();
  wb.creator = "善联";
  const when = `${formatDate(shift.startsAt)} ${beijingTime(shift.startsAt)}–${beijingTime(shift.endsAt)}`;
  const ws = sheet(wb, "名单", `${shift.project.title} · 班次名单`, `筛选：班次 ${when}；地点 ${shift.place}；名额 ${shift.capacity}；导出时间 ${formatDateTime(new Date())}`, [
    { header: "序号", width: 6 },
    { header: "姓名", width: 12 },
    { header: "性别", width: 6 },
    { header: "联系电话", width: 16 },
    { header: "报名状态", width: 10 },
    { header: "候补顺序", width: 10 },
    { header: "签到时间", width: 18 },
    { header: "签退时间", width: 18 },
    { header: "确认时长（小时）", width: 16 },
    { header: "服务岗位", width: 14 },
  ]);
  rows.forEach((r, i) => {
    ws.addRow([
      i + 1,
      r.name,
      r.sex ? t(`common.sex.${r.sex}`) : "",
      opts.phones && opts.clear ? r.phone : maskPhone(r.phone),
      t(`volunteering.signupStatuses.${r.status}`),
      r.waitlistPosition ?? "",
      r.checkedInAt ? formatDateTime(r.checkedInAt) : "",
      r.checkedOutAt ? formatDateTime(r.checkedOutAt) : "",
      r.record ? minutesToHours(r.record.minutes) : "",
      r.record?.role ?? "",
    ]);
  });
  return { buffer: await toBuffer(wb), fileName: `名单-${shift.project.title}-${formatDate(shift.startsAt).replace(/\//g, "")}.xlsx`, rowCount: rows.length };
}

/** The organization's service records under the given filters (no phones, no ID numbers). */
export async function recordsWorkbook(orgId: string, f: RecordFilter) {
  // An export: read from the read replica (README, "Read replica"), the primary without one.
  const db = replica();
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } });
  const rows = await db.serviceRecord.findMany({
    where: recordWhere(orgId, f),
    orderBy: [{ serviceDate: "asc" }, { createdAt: "asc" }],
    take: 50_000,
    select: {
      userId: true,
      serviceDate: true,
      minutes: true,
      role: true,
      status: true,
      standing: true,
      noticeEndsAt: true,
      source: true,
      districtCode: true,
      category: true,
      project: { select: { title: true } },
      user: { select: { profile: { select: { realName: true } } } },
    },
  });
  const now = new Date();
  const project = f.projectId ? await db.volunteerProject.findFirst({ where: { id: f.projectId, orgId }, select: { title: true } }) : null;
  const filterText = [
    `筛选：项目 ${project?.title ?? "全部"}`,
    `日期 ${f.from ?? "不限"} 至 ${f.to ?? "不限"}`,
    `状态 ${f.status ? t(`volunteering.recordStatuses.${f.status}`) : "全部"}`,
    `导出时间 ${formatDateTime(new Date())}`,
  ].join("；");
  const wb = new ExcelJS.Workbook();
  wb.creator = "善联";
  const ws = sheet(wb, "服务记录", `${org.name} · 志愿服务记录`, filterText, [
    { header: "服务日期", width: 12 },
    { header: "志愿者姓名", width: 12 },
    { header: "项目", width: 30 },
    { header: "服务类别", width: 12 },
    { header: "区县", width: 12 },
    { header: "服务岗位", width: 14 },
    { header: "时长（小时）", width: 12 },
    { header: "记录状态", width: 10 },
    { header: "录入方式", width: 10 },
    { header: "公示与审核", width: 22 },
    { header: "计入证明时长（小时）", width: 14 },
  ]);
  let total = 0;
  let counted = 0;
  for (const r of rows) {
    // Rejected hours are listed (with their standing) but add nothing; only counting hours are certified.
    if (r.standing !== "REJECTED") total += r.minutes;
    const certified = counts(r, now) && r.status !== "DISPUTED";
    if (certified) counted += r.minutes;
    ws.addRow([
      r.serviceDate.toISOString().slice(0, 10),
      r.user.profile?.realName ?? "",
      r.project.title,
      t(`common.serviceAreas.${r.category}`),
      districtName(r.districtCode),
      r.role,
      minutesToHours(r.minutes),
      t(`volunteering.recordStatuses.${r.status}`),
      t(`review.source.${r.source}`),
      counts(r, now) ? t("review.standing.COUNTED") : r.standing === "NOTICE" && r.noticeEndsAt ? t("review.standing.noticeUntil", { date: formatDateTime(r.noticeEndsAt) }) : t(`review.standing.${r.standing}`),
      certified ? minutesToHours(r.minutes) : 0,
    ]);
  }
  const sum = ws.addRow(["合计", `${new Set(rows.map((r) => r.userId)).size} 人`, `${rows.length} 人次`, "", "", "", minutesToHours(total), "", "", "", minutesToHours(counted)]);
  sum.font = { bold: true };
  return { buffer: await toBuffer(wb), fileName: `志愿服务记录-${org.name}.xlsx` };
}

export function xlsxResponse(file: { buffer: Buffer; fileName: string }) {
  return new Response(new Uint8Array(file.buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
