import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { startImport } from "~/modules/spreadsheets/import.server";
import { campaignForImport, listPlatformBatches, platformImportKind } from "~/modules/platforms/import.server";
import { platformName } from "~/modules/platforms/platforms";
import { prisma } from "~/utils/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { formatDateTime, formatFen } from "~/utils/format";
import { invariantResponse } from "~/utils/responses.server";
import { readImportUpload } from "~/modules/spreadsheets/upload.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("platforms.import.title");

/** The host's finance people only; the campaign is this organization's and runs on a designated platform. */
async function guard(request: Request, params: { orgId?: string; campaignId?: string }, write = false) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance", { requireApproved: write });
  const campaign = await campaignForImport(prisma, access.orgId, params.campaignId ?? "");
  invariantResponse(campaign, 404);
  return { access, campaign };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, campaign } = await guard(request, params);
  const { batches, pagination } = await listPlatformBatches(access.orgId, campaign.id, pageFrom(request));
  return {
    orgId: access.orgId,
    userId: access.user.id,
    canAct: !access.viaStaff,
    campaign: { id: campaign.id, title: campaign.title, platform: campaign.designatedPlatform, projectId: campaign.platformProjectId },
    batches,
    pagination,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { access, campaign } = await guard(request, params, true);
  if (!campaign.designatedPlatform) return data({ formError: "platforms.import.errors.noPlatform" }, { status: 409 });
  const upload = await readImportUpload(request);
  if (!upload.ok) return upload.response;
  const job = await startImport({ kind: platformImportKind(access.orgId, campaign.id), fileName: upload.file.name, data: upload.bytes, actorId: access.user.id });
  return redirect(`/org/${access.orgId}/campaigns/${campaign.id}/platform-import/${job.id}`);
}

export default function PlatformImportPage() {
  const { orgId, userId, canAct, campaign, batches, pagination } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const platform = campaign.platform ? platformName(campaign.platform, locale) : null;
  return (
    <div>
      <div className="page-head">
        <h2>
          {t("platforms.import.title")} · {campaign.title}
        </h2>
        <Link to={`/org/${orgId}/campaigns/${campaign.id}`}>{t("common.actions.back")}</Link>
      </div>
      {platform ? (
        <>
          <p>{t("platforms.import.intro", { platform })}</p>
          <p className="muted">{t("platforms.import.columnsHelp")}</p>
          <p className="muted">{t("platforms.import.rulesHelp")}</p>
          {canAct ? (
            <Form method="post" encType="multipart/form-data" className="form-card">
              {reply?.formError ? (
                <div className="form-error" role="alert">
                  {t(reply.formError)}
                </div>
              ) : null}
              <div className="field">
                <label htmlFor="import-file">{t("platforms.import.file", { platform })}</label>
                <input id="import-file" type="file" name="file" accept=".xlsx,.csv" required />
              </div>
              <button type="submit" className="button">
                {t("platforms.import.upload")}
              </button>
            </Form>
          ) : null}
        </>
      ) : (
        <p className="form-error">{t("platforms.import.errors.noPlatform")}</p>
      )}
      <h3>{t("platforms.import.batches")}</h3>
      {batches.length ? (
        <div className="table-wrap">
          <table data-testid="platform-batches">
            <thead>
              <tr>
                <th scope="col">{t("platforms.import.when")}</th>
                <th scope="col">{t("platforms.import.by")}</th>
                <th scope="col">{t("platforms.import.fileName")}</th>
                <th scope="col">{t("platforms.import.status")}</th>
                <th scope="col">{t("platforms.import.rows")}</th>
                <th scope="col">{t("platforms.import.written")}</th>
                <th scope="col">{t("platforms.import.total")}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id}>
                  <td>{formatDateTime(b.createdAt, locale)}</td>
                  <td>{b.by}</td>
                  <td>{b.createdById === userId ? <Link to={b.id}>{b.fileName}</Link> : b.fileName}</td>
                  <td>{t(`stats.import.status.${b.status}`)}</td>
                  <td className="num">{b.rows}</td>
                  <td className="num">{b.written ?? "—"}</td>
                  <td className="num">{b.totalFen !== null ? formatFen(b.totalFen) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("platforms.import.noBatches")}</p>
      )}
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
