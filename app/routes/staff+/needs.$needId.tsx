import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/modules/accounts/auth.server";
import { getNeed } from "~/modules/needs/queries.server";
import { reviewNeed } from "~/modules/needs/needs.server";
import { decideResponse, inviteToNeed } from "~/modules/needs/responses.server";
import { DecisionSchema, ReviewSchema } from "~/modules/needs/schema";
import { NeedStatus, ProgressBars } from "~/components/need-ui";
import { candidatesForNeed } from "~/modules/matching/matching.server";
import { districtName } from "~/modules/districts/districts";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/form";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { ResponsesTable } from "./__need-responses";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("needs.staff.title", (d) => d?.need?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  invariantResponse(params.needId, 404);
  const need = await getNeed(params.needId, { allResponses: true });
  invariantResponse(need, 404);
  const open = need.status === "OPEN" || need.status === "PARTLY_MET";
  const candidates = open ? await candidatesForNeed(need.id) : [];
  return {
    need,
    candidates: candidates.map((c) => ({ kind: c.kind, id: c.id, name: c.name, url: c.url, score: c.score, reasons: c.reasons, invited: c.invited ?? false, responded: c.responded ?? false })),
  };
}

const InviteSchema = z.object({ orgId: z.string().min(1).max(40) });

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  invariantResponse(params.needId, 404);
  const needId = params.needId;
  const values = formToObject(await readFormData(request));
  const here = `/staff/needs/${needId}`;
  if (values.intent === "decide") {
    const parsed = parseWithSchema(DecisionSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const result = await runAction(values, () => decideResponse({ userId: staff.id, asStaff: true }, needId, parsed.data.responseId, parsed.data.decision, parsed.data.reason));
    if (!result.ok) return result.response;
    return redirectWithFlash(request, here, `needs.flash.${parsed.data.decision}`);
  }
  if (values.intent === "review") {
    const parsed = parseWithSchema(ReviewSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const result = await runAction(values, () => reviewNeed(staff.id, needId, parsed.data.decision, parsed.data.reason));
    if (!result.ok) return result.response;
    return redirectWithFlash(request, here, `needs.flash.${parsed.data.decision}`);
  }
  if (values.intent === "invite") {
    const parsed = parseWithSchema(InviteSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    // Reasons are recomputed on the server, never taken from the form.
    const candidate = (await candidatesForNeed(needId, 50)).find((c) => c.kind === "organization" && c.id === parsed.data.orgId);
    const result = await runAction(values, () => inviteToNeed(staff.id, needId, parsed.data.orgId, candidate?.reasons ?? []));
    if (!result.ok) return result.response;
    const org = await prisma.organization.findUnique({ where: { id: parsed.data.orgId }, select: { name: true } });
    return redirectWithFlash(request, here, "needs.flash.invited", { org: org?.name ?? "" });
  }
  return data({ values, formError: "validation.invalid" } satisfies FormReply, { status: 400 });
}

export default function StaffNeed() {
  const { need, candidates } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <div>
          <h1>{need.title}</h1>
          <p className="muted">
            <NeedStatus status={need.status} /> {t(`needs.categories.${need.category}`)} · {districtName(need.districtCode, locale)}
            {need.proposedByOrg ? ` · ${t("needs.detail.proposedBy", { org: need.proposedByOrg.name })}` : ""}
          </p>
        </div>
        {need.isPublic ? (
          <Link className="button button-secondary" to={`/needs/${need.id}`}>
            {t("common.actions.view")}
          </Link>
        ) : null}
      </div>
      <FormError reply={reply} />
      <div className="cards cards-main-side">
        <section className="card">
          <p style={{ whiteSpace: "pre-wrap" }}>{need.description}</p>
          <ProgressBars progress={need.progress} />
        </section>
        <section className="card">
          <Form method="post">
            <input type="hidden" name="intent" value="review" />
            <div className="field">
              <label htmlFor="review-reason">{t("needs.manage.reason")}</label>
              <input id="review-reason" name="reason" maxLength={300} />
            </div>
            <div className="button-row">
              {need.status === "PROPOSED" ? (
                <>
                  <button type="submit" name="decision" value="approve">
                    {t("needs.manage.approve")}
                  </button>
                  <button type="submit" name="decision" value="reject" className="button-danger">
                    {t("needs.manage.reject")}
                  </button>
                </>
              ) : null}
              {need.status === "OPEN" || need.status === "PARTLY_MET" || need.status === "MET" ? (
                <button type="submit" name="decision" value="close" className="button-secondary">
                  {t("needs.manage.close")}
                </button>
              ) : null}
            </div>
          </Form>
        </section>
      </div>
      <section className="card">
        <h2>{t("needs.manage.allResponses")}</h2>
        <ResponsesTable need={need} />
      </section>
      {need.status === "OPEN" || need.status === "PARTLY_MET" ? (
        <section className="card">
          <h2>{t("needs.manage.candidates")}</h2>
          <p className="muted">{t("needs.manage.candidatesIntro")}</p>
          {candidates.length ? (
            <ol className="candidates">
              {candidates.map((c) => (
                <li key={`${c.kind}-${c.id}`} data-candidate={c.id}>
                  <Link to={c.url}>{c.name}</Link> <span className="tag">{t(`needs.manage.kinds.${c.kind}`)}</span> <span className="muted">{t("needs.manage.score", { score: c.score })}</span>
                  <ul className="muted">
                    {c.reasons.map((r) => (
                      <li key={r.key}>
                        {t(`needs.${r.key}`, r.params)} (+{r.points})
                      </li>
                    ))}
                  </ul>
                  {c.kind === "organization" ? (
                    c.responded ? (
                      <span className="tag">{t("needs.manage.responded")}</span>
                    ) : c.invited ? (
                      <span className="tag">{t("needs.manage.invited")}</span>
                    ) : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="invite" />
                        <input type="hidden" name="orgId" value={c.id} />
                        <button type="submit" className="button-small">
                          {t("needs.manage.invite")}
                        </button>
                      </Form>
                    )
                  ) : null}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{t("needs.manage.noCandidates")}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
