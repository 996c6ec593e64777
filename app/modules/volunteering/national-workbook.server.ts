/**
 * The workbook of the national volunteer-system export: three sheets, 志愿者 · 项目 · 服务时长,
 * each with its header in row 1 and one line per entry below, as bulk-import templates expect (no
 * title lines, every cell text so ID numbers keep all 18 characters — the import instructions ask
 * for numbers "调整为文字格式").
 *
 * Column layout: we found no authoritative copy of the national system's current import template
 * (searches of its manuals and FAQs turned up only contact sheets and school notices), so the
 * columns are the standard fields of its real-name registration and hours records:
 *   志愿者: 姓名, 证件类型, 证件号码, 性别, 出生日期, 手机号码, 民族, 政治面貌, 所在区县
 *     (民族 and 政治面貌 are not collected here and stay blank);
 *   项目: 项目名称, 服务类别, 开始日期, 结束日期, 服务地点（区县）, 项目联系人, 联系电话
 *     (the project's organization contact line, never a volunteer's phone);
 *   服务时长: 姓名, 证件号码, 项目名称, 服务日期, 服务时长（小时）, 服务岗位.
 * Change the headers here if the system's template changes; the test reads them from here.
 */
import ExcelJS from "exceljs";
import { districtName } from "~/modules/districts/districts";
import { makeT } from "~/modules/i18n/i18n";
import type { ServiceArea, Sex } from "~/generated/prisma/enums";
import { minutesToHours } from "./types";

const t = makeT("zh-CN");

export const NATIONAL_SHEETS = {
  volunteers: { name: "志愿者", headers: ["姓名", "证件类型", "证件号码", "性别", "出生日期", "手机号码", "民族", "政治面貌", "所在区县"] },
  projects: { name: "项目", headers: ["项目名称", "服务类别", "开始日期", "结束日期", "服务地点（区县）", "项目联系人", "联系电话"] },
  hours: { name: "服务时长", headers: ["姓名", "证件号码", "项目名称", "服务日期", "服务时长（小时）", "服务岗位"] },
} as const;

export const ID_TYPE_RESIDENT = "居民身份证";

export type NationalRows = {
  volunteers: { realName: string; idNumber: string; sex: Sex; birthDate: Date; phone: string; districtCode: string | null }[];
  projects: { title: string; category: ServiceArea; startDate: Date; endDate: Date; districtCode: string; contactName: string; contactPhone: string }[];
  hours: { realName: string; idNumber: string; projectTitle: string; serviceDate: Date; minutes: number; role: string }[];
};

const day = (d: Date) => d.toISOString().slice(0, 10);

function addSheet(wb: ExcelJS.Workbook, spec: { name: string; headers: readonly string[] }, rows: (string | number)[][]) {
  const ws = wb.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
  spec.headers.forEach((h, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(10, h.length * 2 + 4);
    col.numFmt = "@";
  });
  const header = ws.addRow([...spec.headers]);
  header.font = { bold: true };
  for (const r of rows) ws.addRow(r);
}

export async function nationalWorkbook(rows: NationalRows): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "善联";
  const byName = <T extends { realName: string }>(a: T, b: T) => a.realName.localeCompare(b.realName, "zh-CN");
  addSheet(
    wb,
    NATIONAL_SHEETS.volunteers,
    [...rows.volunteers].sort(byName).map((v) => [v.realName, ID_TYPE_RESIDENT, v.idNumber, t(`common.sex.${v.sex}`), day(v.birthDate), v.phone, "", "", v.districtCode ? districtName(v.districtCode) : ""]),
  );
  addSheet(
    wb,
    NATIONAL_SHEETS.projects,
    rows.projects.map((p) => [p.title, t(`common.serviceAreas.${p.category}`), day(p.startDate), day(p.endDate), districtName(p.districtCode), p.contactName, p.contactPhone]),
  );
  addSheet(
    wb,
    NATIONAL_SHEETS.hours,
    rows.hours.map((h) => [h.realName, h.idNumber, h.projectTitle, day(h.serviceDate), String(minutesToHours(h.minutes)), h.role]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
