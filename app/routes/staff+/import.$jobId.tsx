import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { confirmImport, importJobView } from "~/modules/spreadsheets/import.server";
import { importKindKey } from "~/modules/spreadsheets/templates";
import { getT } from "~/modules/i18n/i18n.server";
import { invariantResponse, redirectWithFlash } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportJobPanel, usePolledJob } from "~/components/import-job";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("stats.import.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const job = await importJobView(params.jobId ?? "", user.id, await getT(request));
  invariantResponse(job, 404);
  return job;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const ok = await confirmImport(params.jobId ?? "", user.id);
  invariantResponse(ok, 409);
  return redirectWithFlash(request, `/staff/import/${params.jobId}`, "stats.import.status.IMPORTING");
}

export default function ImportJobPage() {
  const initial = useLoaderData<typeof loader>();
  const job = usePolledJob(initial, `/staff/import/${initial.id}/status`);
  const t = useT();
  return (
    <div>
      <div className="page-head">
        <h1>
          {t("stats.import.title")} · {job.fileName}
        </h1>
        <Link to="/staff/import">{t("common.actions.back")}</Link>
      </div>
      <ImportJobPanel job={job} kindLabel={t(importKindKey(job.kind))} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
