/**
 * Writers for the dashboard and record tables: .xlsx (exceljs; an overview sheet with the filters
 * written at the top, then one sheet per breakdown) and CSV (the same content, sections one after
 * another).
 */
import ExcelJS from "exceljs";
import { cellValue, type DashboardView } from "~/modules/statistics/view";
import { toCsv } from "./csv";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_TYPE = "text/csv; charset=utf-8";

type Labels = { overview: string; figure: string; value: string; summary: string };

/** Excel sheet names: at most 31 characters, none of []:*?/\ */
const sheetName = (s: string, used: Set<string>) => {
  let name = s.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet";
  for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)}-${i}`;
  used.add(name);
  return name;
};

export async function dashboardXlsx(view: DashboardView, title: string, labels: Labels): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "善联 Shanlian";
  wb.created = new Date();
  const used = new Set<string>();
  const ov = wb.addWorksheet(sheetName(labels.overview, used));
  ov.addRow([title]).font = { bold: true, size: 14 };
  for (const line of view.filterLines) ov.addRow([line]);
  ov.addRow([]);
  ov.addRow([labels.summary, view.sentence + (view.details ? ` ${view.details}` : "")]);
  ov.addRow([]);
  ov.addRow([labels.figure, labels.value]).font = { bold: true };
  for (const h of view.headline) {
    const row = ov.addRow([h.label, cellValue(h.value, h.kind)]);
    if (h.kind === "fen") row.getCell(2).numFmt = "#,##0.00";
  }
  ov.getColumn(1).width = 34;
  ov.getColumn(2).width = 22;

  for (const table of view.tables) {
    const ws = wb.addWorksheet(sheetName(table.title, used));
    ws.addRow([table.title]).font = { bold: true, size: 13 };
    for (const line of view.filterLines) ws.addRow([line]);
    if (table.note) ws.addRow([table.note]);
    ws.addRow([]);
    ws.addRow(["", ...table.columns.map((c) => c.label)]).font = { bold: true };
    for (const r of table.rows) {
      const row = ws.addRow([r.label, ...r.values.map((v, i) => cellValue(v, table.columns[i]!.kind))]);
      table.columns.forEach((c, i) => {
        if (c.kind === "fen") row.getCell(i + 2).numFmt = "#,##0.00";
      });
    }
    ws.getColumn(1).width = 24;
    for (let i = 0; i < table.columns.length; i++) ws.getColumn(i + 2).width = 20;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function dashboardCsv(view: DashboardView, title: string, labels: Labels): string {
  const rows: (string | number)[][] = [[title], ...view.filterLines.map((l) => [l]), [], [labels.summary, view.sentence + (view.details ? ` ${view.details}` : "")], []];
  rows.push([labels.figure, labels.value]);
  for (const h of view.headline) rows.push([h.label, cellValue(h.value, h.kind)]);
  for (const table of view.tables) {
    rows.push([], [table.title], ["", ...table.columns.map((c) => c.label)]);
    for (const r of table.rows) rows.push([r.label, ...r.values.map((v, i) => cellValue(v, table.columns[i]!.kind))]);
  }
  return toCsv(rows);
}

/** A plain record table (drill-downs, org lists) as .xlsx with filters at the top. */
export async function tableXlsx(title: string, filterLines: string[], headers: string[], rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName(title, new Set()));
  ws.addRow([title]).font = { bold: true, size: 13 };
  for (const l of filterLines) ws.addRow([l]);
  ws.addRow([]);
  ws.addRow(headers).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  headers.forEach((_, i) => (ws.getColumn(i + 1).width = 20));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function tableCsv(title: string, filterLines: string[], headers: string[], rows: (string | number | null)[][]): string {
  return toCsv([[title], ...filterLines.map((l) => [l]), [], headers, ...rows]);
}

/** Response headers for a download with a Chinese file name (RFC 5987). */
export function downloadHeaders(type: string, fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_");
  return {
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    "Cache-Control": "private, no-store",
  };
}
