import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { IMPORT_KINDS, importKindKey, isImportKind, type ImportKind } from "~/modules/spreadsheets/templates";
import { recentImportJobs, startImport } from "~/modules/spreadsheets/import.server";
import { redirect } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { formatDateTime } from "~/utils/format";
import { readImportUpload } from "~/modules/spreadsheets/upload.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("stats.import.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return recentImportJobs(user.id, pageFrom(request));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const upload = await readImportUpload(request, (form) => (isImportKind(form.get("kind")) ? null : "validation.choice"));
  if (!upload.ok) return upload.response;
  // `check` accepted the kind, so this is one of IMPORT_KINDS.
  const kind = upload.form.get("kind") as ImportKind;
  const job = await startImport({ kind, fileName: upload.file.name, data: upload.bytes, actorId: user.id });
  return redirect(`/staff/import/${job.id}`);
}

export default function ImportPage() {
  const { jobs, pagination } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("stats.import.title")}</h1>
        <Link to="/staff/stats">{t("stats.title")}</Link>
      </div>
      <p>{t("stats.import.intro")}</p>
      <p>{t("stats.importer.introFiles")}</p>
      <ul className="plain-list">
        {IMPORT_KINDS.map((k) => (
          <li key={k}>
            {t(importKindKey(k))}：
            <a href={`/staff/import/template/${k}`} download>
              {t("stats.import.template")} (.xlsx)
            </a>{" "}
            ·{" "}
            <a href={`/staff/import/template/${k}?format=csv`} download>
              CSV
            </a>
          </li>
        ))}
      </ul>
      <Form method="post" encType="multipart/form-data" className="form-card">
        {reply?.formError ? (
          <div className="form-error" role="alert">
            {t(reply.formError.startsWith("validation.") ? `common.${reply.formError}` : reply.formError)}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="import-kind">{t("stats.import.kind")}</label>
          <select id="import-kind" name="kind" required>
            {IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(importKindKey(k))}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-file">{t("stats.import.file")}</label>
          <input id="import-file" type="file" name="file" accept=".xlsx,.csv" required />
        </div>
        <button type="submit" className="button">
          {t("stats.import.upload")}
        </button>
      </Form>
      <h2>{t("stats.import.jobs")}</h2>
      <ul className="plain-list">
        {jobs.map((j) => (
          <li key={j.id}>
            <Link to={`/staff/import/${j.id}`}>
              {formatDateTime(j.createdAt, locale)} · {t(importKindKey(j.kind))} · {j.fileName} · {t(`stats.import.status.${j.status}`)}
            </Link>
          </li>
        ))}
      </ul>
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
