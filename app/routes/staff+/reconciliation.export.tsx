import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/accounts/auth.server";
import { getT } from "~/modules/i18n/i18n.server";
import { allIssues } from "~/modules/reconciliation/issues.server";
import { issueFilterFrom } from "~/modules/reconciliation/schema";
import { downloadHeaders, tableXlsx, XLSX_TYPE } from "~/modules/spreadsheets/export.server";

/** The reconciliation issues of the chosen tab (unresolved / resolved) as .xlsx. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const t = await getT(request);
  const status = issueFilterFrom(new URL(request.url).searchParams);
  const issues = await allIssues(status);
  const yuan = (fen: string | null) => (fen === null ? null : Number(BigInt(fen)) / 100);
  const headers = [
    "reconcile.issues.date",
    "reconcile.issues.kind",
    "reconcile.issues.account",
    "reconcile.issues.ref",
    "reconcile.issues.org",
    "reconcile.issues.expected",
    "reconcile.issues.statement",
    "reconcile.issues.donation",
    "reconcile.issues.refund",
    "reconcile.issues.reason",
    "reconcile.issues.resolution",
    "reconcile.issues.resolvedBy",
    "reconcile.issues.resolvedAt",
  ].map((k) => t(k));
  const rows = issues.map((i) => [
    i.statementDate,
    t(`reconcile.issues.kinds.${i.kind}`),
    [t(`reconcile.providers.${i.provider}`), i.accountLabel].filter(Boolean).join(" · "),
    i.providerRef,
    i.orgName,
    yuan(i.expectedFen),
    yuan(i.statementFen),
    i.donationId ?? i.checkoutId ?? "",
    i.refundId ?? "",
    i.reason ?? "",
    i.resolution ?? "",
    i.resolvedBy,
    i.resolvedAt ? i.resolvedAt.slice(0, 10) : "",
  ]);
  const title = t("reconcile.exportTitle");
  const file = await tableXlsx(title, [`${t("reconcile.exportFilter")}：${t(`reconcile.issues.filters.${status}`)}`], headers, rows);
  return new Response(new Uint8Array(file), { headers: downloadHeaders(XLSX_TYPE, `${title}-${status}.xlsx`) });
}
