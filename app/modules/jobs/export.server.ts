/**
 * The .xlsx export of /staff/jobs (bureau admins): one sheet with the queues and their counts, one
 * with the recent failures (messages redacted as on the page). Same figures as jobsDashboard().
 */
import ExcelJS from "exceljs";
import { formatDateTime } from "~/utils/format";
import type { Failure, QueueCounts } from "./dashboard.server";

type T = (key: string, vars?: Record<string, string | number>) => string;

export async function jobsXlsx(data: { queues: QueueCounts[]; failures: Failure[] }, t: T, locale: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "善联 Shanlian";
  wb.created = new Date();
  const exportedAt = `${t("jobs.export.at")}：${formatDateTime(new Date(), locale)}`;

  const qs = wb.addWorksheet(t("jobs.queues.title").slice(0, 31));
  qs.addRow([t("jobs.title")]).font = { bold: true, size: 13 };
  qs.addRow([exportedAt]);
  qs.addRow([]);
  qs.addRow([t("jobs.queues.name"), t("jobs.queues.queued"), t("jobs.queues.active"), t("jobs.queues.failed")]).font = { bold: true };
  for (const q of data.queues) qs.addRow([q.name, q.queued, q.active, q.failed]);
  [24, 12, 12, 12].forEach((w, i) => (qs.getColumn(i + 1).width = w));

  const fs = wb.addWorksheet(t("jobs.failures.title").slice(0, 31));
  fs.addRow([t("jobs.failures.title")]).font = { bold: true, size: 13 };
  fs.addRow([exportedAt]);
  fs.addRow([]);
  fs.addRow([t("jobs.export.jobId"), t("jobs.failures.queue"), t("jobs.failures.message"), t("jobs.failures.retries"), t("jobs.failures.at")]).font = { bold: true };
  for (const f of data.failures) {
    fs.addRow([f.id, f.deadLetter ? t("jobs.failures.deadLetter", { queue: f.origin ?? "?" }) : f.queue, f.message, f.retries, f.at ? formatDateTime(f.at, locale) : ""]);
  }
  [38, 24, 60, 10, 20].forEach((w, i) => (fs.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
