import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { createPledge, orgPledges } from "~/modules/match-funds/pledges.server";
import { MATCHER_KINDS, pledgeSchema } from "~/modules/match-funds/schema";
import { ratioLabel } from "~/modules/match-funds/rules";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatDate, formatFen } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("matchFunds.org.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance");
  const rows = await orgPledges(access.orgId);
  return {
    canCreate: !access.viaStaff,
    pledges: rows.map((p) => ({
      id: p.id,
      campaign: { id: p.campaignId, title: p.campaign.title },
      matcherName: p.matcherName,
      ratio: ratioLabel(p.ratioNum, p.ratioDen),
      totalCapFen: p.totalCapFen.toString(),
      matchedFen: p.matchedFen.toString(),
      flaggedFen: p.flaggedFen.toString(),
      leftFen: p.leftFen.toString(),
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
      status: p.status,
      decisionReason: p.decisionReason,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:finance", { requireApproved: true });
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(pledgeSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => createPledge(parsed.data, { id: access.user.id, matcherOrgId: access.orgId }));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/org/${access.orgId}/match-pledges`, "matchFunds.flash.created");
}

export default function MatchPledges() {
  const { pledges, canCreate } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h2>{t("matchFunds.org.title")}</h2>
      <p className="muted">{t("matchFunds.org.intro")}</p>
      {pledges.length ? (
        <table data-testid="pledges">
          <thead>
            <tr>
              <th>{t("matchFunds.staff.campaign")}</th>
              <th>{t("matchFunds.campaign.ratio")}</th>
              <th>{t("matchFunds.org.total")}</th>
              <th>{t("matchFunds.org.matchedSoFar")}</th>
              <th>{t("matchFunds.org.flagged")}</th>
              <th>{t("matchFunds.org.left")}</th>
              <th>{t("matchFunds.campaign.window")}</th>
              <th>{t("matchFunds.org.status")}</th>
            </tr>
          </thead>
          <tbody>
            {pledges.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/campaigns/${p.campaign.id}`}>{p.campaign.title}</Link>
                </td>
                <td>{p.ratio}</td>
                <td>{formatFen(p.totalCapFen)}</td>
                <td>{formatFen(p.matchedFen)}</td>
                <td>{formatFen(p.flaggedFen)}</td>
                <td>{formatFen(p.leftFen)}</td>
                <td>
                  {formatDate(p.startsAt, locale)} – {formatDate(p.endsAt, locale)}
                </td>
                <td>
                  {t(`matchFunds.statuses.${p.status}`)}
                  {p.decisionReason ? <span className="muted small"> · {p.decisionReason}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t("matchFunds.org.none")}</p>
      )}
      {canCreate ? (
        <Form method="post" className="card form-card" aria-label={t("matchFunds.org.new")}>
          <h3>{t("matchFunds.org.new")}</h3>
          <FormError reply={reply} />
          <TextField name="campaign" label={t("matchFunds.org.campaign")} reply={reply} required maxLength={300} />
          <SelectField name="matcherKind" label={t("matchFunds.org.matcherKind")} reply={reply} required options={MATCHER_KINDS.filter((k) => k !== "COMPANY").map((k) => ({ value: k, label: t(`matchFunds.kinds.${k}`) }))} />
          <TextField name="matcherName" label={t("matchFunds.org.matcherName")} reply={reply} required maxLength={80} />
          <TextField name="matcherEmailDomain" label={t("matchFunds.org.matcherEmailDomain")} reply={reply} maxLength={100} />
          <TextField name="donated" label={t("matchFunds.org.donated")} hint={t("matchFunds.org.ratioHint")} reply={reply} required defaultValue="1" />
          <TextField name="matched" label={t("matchFunds.org.matched")} reply={reply} required defaultValue="1" />
          <TextField name="perDonation" label={t("matchFunds.org.perDonation")} reply={reply} required />
          <TextField name="perDonorDay" label={t("matchFunds.org.perDonorDay")} reply={reply} required />
          <TextField name="total" label={t("matchFunds.org.total")} reply={reply} required />
          <TextField name="startsAt" type="datetime-local" label={t("matchFunds.org.startsAt")} reply={reply} required />
          <TextField name="endsAt" type="datetime-local" label={t("matchFunds.org.endsAt")} reply={reply} required />
          <SubmitButton className="button">{t("matchFunds.org.submit")}</SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
