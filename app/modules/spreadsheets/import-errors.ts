/**
 * Problems found in an import file are stored as i18n keys with their parameters, never as text,
 * so each reader sees them in their own language. Older jobs stored Chinese text (`message`); they
 * are shown as they were written.
 */
import type { TFunction } from "~/modules/i18n/i18n";

export type ImportErrorParams = Record<string, string | number | string[]>;

export type ImportError = {
  /** The row as Excel numbers it (1 = headers); 0 when the problem is the file as a whole. */
  row: number;
  /** The column as written in the file's header row and its letter, when one column is at fault. */
  column?: { header: string; letter: string } | null;
  key: string;
  params?: ImportErrorParams;
};

type StoredImportError = ImportError | { row: number; column: string; message: string };

/** An error as shown: row, column and message in the reader's language. */
export type ShownImportError = { row: number; column: string; message: string };

export function showImportErrors(stored: unknown, t: TFunction): ShownImportError[] {
  if (!Array.isArray(stored)) return [];
  return (stored as StoredImportError[]).map((e) => {
    if ("message" in e) return { row: e.row, column: e.column, message: e.message };
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(e.params ?? {})) params[k] = Array.isArray(v) ? v.join(t("stats.importer.listSep")) : v;
    return {
      row: e.row,
      column: e.column ? t("stats.importer.columnAt", { header: e.column.header, letter: e.column.letter }) : "",
      message: t(e.key, params),
    };
  });
}
