/**
 * Reading an uploaded sheet into rows of strings: .xlsx through exceljs (first worksheet), or CSV.
 * Clerks' CSV files come from Chinese Excel, which saves "CSV (逗号分隔)" in GB18030/GBK, as well as
 * from tools writing UTF-8: a file that is valid UTF-8 is read as UTF-8, otherwise as GB18030
 * (a superset of GBK and GB2312), and the page says which.
 */
import ExcelJS from "exceljs";
import { parseCsv } from "./csv";

export type SheetEncoding = "xlsx" | "utf-8" | "gb18030";
export type Sheet = { rows: string[][]; encoding: SheetEncoding };

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("text" in v) return String(v.text);
    return "";
  }
  return String(v);
}

/** CSV bytes as text: strict UTF-8 first, then GB18030. Null when neither reads the bytes. */
export function decodeCsv(data: Uint8Array): { text: string; encoding: "utf-8" | "gb18030" } | null {
  try {
    // ignoreBOM: keep a byte order mark so parseCsv strips it (and it says nothing about GBK).
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(data), encoding: "utf-8" };
  } catch {
    try {
      return { text: new TextDecoder("gb18030", { fatal: true }).decode(data), encoding: "gb18030" };
    } catch {
      return null;
    }
  }
}

/** Rows as arrays of strings (row 1 = headers), from .xlsx or CSV. Null when unreadable. */
export async function readSheet(fileName: string, data: Uint8Array): Promise<Sheet | null> {
  try {
    if (/\.csv$/i.test(fileName)) {
      const decoded = decodeCsv(data);
      return decoded && { rows: parseCsv(decoded.text), encoding: decoded.encoding };
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) return null;
    const rows: string[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, ws.columnCount); c++) cells.push(cellText(row.getCell(c).value).trim());
      rows.push(cells);
    }
    return { rows, encoding: "xlsx" };
  } catch {
    return null;
  }
}
