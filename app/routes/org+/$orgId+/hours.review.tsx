import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { countWaiting, decideRecord, listReviewQueue, WAITING_STANDINGS } from "~/modules/volunteering/hours-review.server";
import { DecisionSchema, ReviewFilterSchema } from "~/modules/volunteering/review-schema";
import { HoursReviewQueue, type ReviewRow } from "~/components/hours-review-queue";
import { StatusTabs } from "~/components/status-tabs";
import { Pagination } from "~/components/pagination";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";

export const meta = pageTitle("review.queue.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Coordinators, admins and the owner decide; bureau staff may look (masked), and decide on their own page.
  const access = await requireOrgPermission(request, params.orgId, "org:volunteering");
  const sp = new URL(request.url).searchParams;
  const filter = ReviewFilterSchema.parse({ status: sp.get("status") ?? undefined, page: sp.get("page") ?? undefined });
  const scope = { orgId: access.orgId };
  const [queue, counts] = await Promise.all([listReviewQueue(scope, access.user.id, { clear: access.role !== null, page: filter.page, standing: filter.status }), countWaiting(scope)]);
  return { orgId: access.orgId, canAct: !access.viaStaff, status: filter.status, counts, ...queue };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:volunteering");
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(DecisionSchema, values);
  if (!parsed.ok) return data({ ...parsed.reply, recordId: typeof values.recordId === "string" ? values.recordId : undefined }, { status: 400 });
  const res = await runAction(values, () => decideRecord({ orgId: access.orgId }, access.user.id, parsed.data.recordId, parsed.data));
  if (!res.ok) return res.response;
  const url = new URL(request.url);
  return redirectWithFlash(request, url.pathname + url.search, "review.flash.decided");
}

export default function OrgHoursReview() {
  const { orgId, canAct, status, counts, rows, pagination } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as (FormReply & { recordId?: string }) | undefined;
  const t = useT();
  return (
    <section className="card">
      <div className="page-head">
        <h2>{t("review.queue.title")}</h2>
        <Link className="button button-secondary" to={`/org/${orgId}/service-records`}>
          {t("volunteering.org.records")}
        </Link>
      </div>
      <p className="muted">{t("review.queue.intro")}</p>
      <StatusTabs statuses={WAITING_STANDINGS} current={status} counts={counts} label={t("review.queue.title")} labelOf={(s) => t(`review.standing.${s}`)} />
      <HoursReviewQueue rows={rows as unknown as ReviewRow[]} reply={reply} showOrg={false} canAct={canAct} />
      <Pagination {...pagination} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
