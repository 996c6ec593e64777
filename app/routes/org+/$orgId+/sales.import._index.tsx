import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { recentImportJobs, startImport } from "~/modules/spreadsheets/import.server";
import { orgImportKind } from "~/modules/spreadsheets/templates";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { formatDateTime } from "~/utils/format";
import { readImportUpload } from "~/modules/spreadsheets/upload.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("sales.import.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const { jobs, pagination } = await recentImportJobs(access.user.id, pageFrom(request), orgImportKind("sales", access.orgId));
  return { orgId: access.orgId, jobs, pagination };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop", { requireApproved: true });
  const upload = await readImportUpload(request);
  if (!upload.ok) return upload.response;
  const job = await startImport({ kind: orgImportKind("sales", access.orgId), fileName: upload.file.name, data: upload.bytes, actorId: access.user.id });
  return redirect(`/org/${access.orgId}/sales/import/${job.id}`);
}

export default function SalesImportPage() {
  const { orgId, jobs, pagination } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h2>{t("sales.import.title")}</h2>
        <Link to={`/org/${orgId}/sales`}>{t("common.actions.back")}</Link>
      </div>
      <p>{t("sales.import.intro")}</p>
      <p className="muted">{t("sales.import.columnsHelp")}</p>
      <p>
        <a href={`/org/${orgId}/sales/import/template`} download>
          {t("stats.import.template")} (.xlsx)
        </a>{" "}
        ·{" "}
        <a href={`/org/${orgId}/sales/import/template?format=csv`} download>
          CSV
        </a>
      </p>
      <Form method="post" encType="multipart/form-data" className="form-card">
        {reply?.formError ? (
          <div className="form-error" role="alert">
            {t(reply.formError.startsWith("validation.") ? `common.${reply.formError}` : reply.formError)}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="import-file">{t("stats.import.file")}</label>
          <input id="import-file" type="file" name="file" accept=".xlsx,.csv" required />
        </div>
        <button type="submit" className="button">
          {t("stats.import.upload")}
        </button>
      </Form>
      <h3>{t("stats.import.jobs")}</h3>
      <ul className="plain-list">
        {jobs.map((j) => (
          <li key={j.id}>
            <Link to={`/org/${orgId}/sales/import/${j.id}`}>
              {formatDateTime(j.createdAt, locale)} · {j.fileName} · {t(`stats.import.status.${j.status}`)}
            </Link>
          </li>
        ))}
      </ul>
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
