import ExcelJS from "exceljs";
import { toCsv } from "./csv";
import { TEMPLATES, type ImportKind } from "./templates";

/** The template as a workbook: headers in row 1 (required ones bold), one example row. */
export async function templateXlsx(kind: ImportKind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(kind);
  const cols = TEMPLATES[kind];
  ws.addRow(cols.map((c) => c.header));
  cols.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.font = { bold: c.required };
    ws.getColumn(i + 1).width = Math.max(12, c.header.length * 2 + 2);
    // Text format so Excel keeps credit codes, dates and amounts exactly as typed.
    ws.getColumn(i + 1).numFmt = "@";
  });
  ws.addRow(cols.map((c) => c.example));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function templateCsv(kind: ImportKind): string {
  const cols = TEMPLATES[kind];
  return toCsv([cols.map((c) => c.header), cols.map((c) => c.example)]);
}
