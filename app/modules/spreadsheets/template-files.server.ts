import ExcelJS from "exceljs";
import { toCsv } from "./csv";
import { ORG_TEMPLATES, TEMPLATES, type ColumnDef, type ImportKind, type OrgImportKind } from "./templates";

const columnsOf = (kind: ImportKind | OrgImportKind): ColumnDef[] => (kind in ORG_TEMPLATES ? ORG_TEMPLATES[kind as OrgImportKind] : TEMPLATES[kind as ImportKind]);

/** The template as a workbook: headers in row 1 (required ones bold), one example row. */
export async function templateXlsx(kind: ImportKind | OrgImportKind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(kind);
  const cols = columnsOf(kind);
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

export function templateCsv(kind: ImportKind | OrgImportKind): string {
  const cols = columnsOf(kind);
  return toCsv([cols.map((c) => c.header), cols.map((c) => c.example)]);
}
