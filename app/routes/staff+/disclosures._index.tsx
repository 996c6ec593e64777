import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { overdueDisclosures } from "~/modules/disclosure/status.server";
import { setDisclosureHold } from "~/modules/disclosure/hold.server";
import { holdSchema, parseTarget } from "~/modules/disclosure/schema";
import { chinaDay, daysBetween } from "~/modules/disclosure/schedule";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatDate } from "~/utils/format";
import { FormError } from "~/components/form";
import { DisclosureStateBadge } from "~/components/disclosure";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("disclosure.staff.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const now = new Date();
  const today = chinaDay(now);
  const rows = await overdueDisclosures(now);
  return {
    rows: rows.map((s) => {
      const overdue = s.schedule.obligations.find((o) => o.state === "overdue") ?? null;
      return {
        key: `${s.type}:${s.id}`,
        type: s.type,
        id: s.id,
        name: s.name,
        orgId: s.orgId,
        orgName: s.orgName,
        state: s.schedule.state,
        kind: overdue?.kind ?? s.schedule.nextDue?.kind ?? null,
        dueOn: overdue?.dueOn ?? s.schedule.nextDue?.dueOn ?? null,
        daysOverdue: overdue ? daysBetween(overdue.dueOn, today) : 0,
        holdAt: s.hold ? s.hold.at.toISOString() : null,
        holdReason: s.hold?.reason ?? null,
      };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(holdSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => setDisclosureHold(parseTarget(parsed.data.target), staff.id, parsed.data.decision, parsed.data.reason));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, "/staff/disclosures", parsed.data.decision === "HOLD" ? "disclosure.flash.held" : "disclosure.flash.lifted");
}

export default function StaffDisclosures() {
  const { rows } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("disclosure.staff.title")}</h1>
        <a className="button-small" href="/staff/disclosures/export">
          {t("disclosure.staff.export")}
        </a>
      </div>
      <p className="muted">{t("disclosure.staff.intro")}</p>
      <FormError reply={reply} />
      {rows.length ? (
        <div className="cards" data-testid="overdue-disclosures">
          {rows.map((r) => (
            <section key={r.key} className="card" data-testid={`overdue-${r.id}`}>
              <h2>
                <Link to={r.type === "campaign" ? `/campaigns/${r.id}` : `/funds/${r.id}`}>{r.name}</Link> <DisclosureStateBadge state={r.state} />
              </h2>
              <dl className="dl">
                <dt>{t("disclosure.staff.org")}</dt>
                <dd>
                  <Link to={`/org/${r.orgId}/disclosures`}>{r.orgName}</Link>
                </dd>
                <dt>{t("disclosure.staff.type")}</dt>
                <dd>
                  {t(`disclosure.org.${r.type}`)}
                  {r.kind ? ` · ${t(`disclosure.kinds.${r.kind}`)}` : ""}
                </dd>
                <dt>{t("disclosure.staff.dueOn")}</dt>
                <dd>{r.dueOn}</dd>
                <dt>{t("disclosure.staff.daysOverdue")}</dt>
                <dd>{r.daysOverdue}</dd>
                {r.holdAt ? (
                  <>
                    <dt>{t("disclosure.staff.hold")}</dt>
                    <dd>
                      {t("disclosure.staff.holdSince", { date: formatDate(r.holdAt, locale) })} · {r.holdReason}
                    </dd>
                  </>
                ) : null}
              </dl>
              <Form method="post" className="form-card" aria-label={r.holdAt ? t("disclosure.staff.lift") : t("disclosure.staff.putOnHold")}>
                <input type="hidden" name="target" value={r.key} />
                <input type="hidden" name="decision" value={r.holdAt ? "LIFT" : "HOLD"} />
                <div className="field">
                  <label htmlFor={`reason-${r.id}`}>{t("disclosure.staff.reason")}</label>
                  <textarea id={`reason-${r.id}`} name="reason" rows={2} maxLength={500} required />
                </div>
                <button type="submit" className="button">
                  {r.holdAt ? t("disclosure.staff.lift") : t("disclosure.staff.putOnHold")}
                </button>
              </Form>
            </section>
          ))}
        </div>
      ) : (
        <p className="muted">{t("disclosure.staff.none")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
