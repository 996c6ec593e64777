import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
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

export const meta = pageTitle("review.queue.staffTitle");

const CITY = { cityWide: true } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const sp = new URL(request.url).searchParams;
  const filter = ReviewFilterSchema.parse({ status: sp.get("status") ?? undefined, page: sp.get("page") ?? undefined });
  // Bureau staff supervise: volunteers' names stay masked here (the organization runs the roster).
  const [queue, counts] = await Promise.all([listReviewQueue(CITY, user.id, { clear: false, page: filter.page, standing: filter.status }), countWaiting(CITY)]);
  return { status: filter.status, counts, ...queue };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(DecisionSchema, values);
  if (!parsed.ok) return data({ ...parsed.reply, recordId: typeof values.recordId === "string" ? values.recordId : undefined }, { status: 400 });
  const res = await runAction(values, () => decideRecord(CITY, user.id, parsed.data.recordId, parsed.data));
  if (!res.ok) return res.response;
  const url = new URL(request.url);
  return redirectWithFlash(request, url.pathname + url.search, "review.flash.decided");
}

export default function StaffHoursReview() {
  const { status, counts, rows, pagination } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as (FormReply & { recordId?: string }) | undefined;
  const t = useT();
  return (
    <div>
      <h1>{t("review.queue.staffTitle")}</h1>
      <p className="muted">{t("review.queue.intro")}</p>
      <StatusTabs statuses={WAITING_STANDINGS} current={status} counts={counts} label={t("review.queue.staffTitle")} labelOf={(s) => t(`review.standing.${s}`)} />
      <HoursReviewQueue rows={rows as unknown as ReviewRow[]} reply={reply} showOrg canAct />
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
