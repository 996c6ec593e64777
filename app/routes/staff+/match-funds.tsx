import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { decidePledge, pendingPledges } from "~/modules/match-funds/pledges.server";
import { decideFlaggedMatch, flaggedMatches } from "~/modules/match-funds/review.server";
import { staffDecisionSchema } from "~/modules/match-funds/schema";
import { ratioLabel } from "~/modules/match-funds/rules";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { formatDate, formatDateTime, formatFen } from "~/utils/format";
import { FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("matchFunds.staff.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const [pledges, flagged] = await Promise.all([pendingPledges(), flaggedMatches()]);
  return {
    pledges: pledges.map((p) => ({
      id: p.id,
      campaign: { id: p.campaignId, title: p.campaign.title },
      matcherName: p.matcherName,
      matcherKind: p.matcherKind,
      matcherOrg: p.matcherOrg?.name ?? null,
      matcherEmailDomain: p.matcherEmailDomain,
      ratio: ratioLabel(p.ratioNum, p.ratioDen),
      perDonationCapFen: p.perDonationCapFen.toString(),
      perDonorDayCapFen: p.perDonorDayCapFen.toString(),
      totalCapFen: p.totalCapFen.toString(),
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
    })),
    flagged,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(staffDecisionSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const d = parsed.data;
  const res = await runAction(values, () =>
    d.intent === "pledge" ? decidePledge(d.pledgeId, staff.id, { decision: d.decision, reason: d.reason, fundingRef: d.fundingRef }) : decideFlaggedMatch(d.giftId, staff.id, { decision: d.decision, reason: d.reason }),
  );
  if (!res.ok) return res.response;
  return redirectWithFlash(request, "/staff/match-funds", "matchFunds.flash.decided");
}

export default function StaffMatchFunds() {
  const { pledges, flagged } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const replyFor = (key: string, id: string) => (reply?.values?.[key] === id ? reply : undefined);
  return (
    <div>
      <h1>{t("matchFunds.staff.title")}</h1>
      <section className="card">
        <h2>{t("matchFunds.staff.pendingPledges")}</h2>
        {pledges.length ? null : <p className="muted">{t("matchFunds.staff.noPledges")}</p>}
        {pledges.map((p) => (
          <div key={p.id} data-testid="pending-pledge">
            <dl className="dl">
              <dt>{t("matchFunds.staff.matcher")}</dt>
              <dd>
                {p.matcherName}（{t(`matchFunds.kinds.${p.matcherKind}`)}）{p.matcherOrg ? ` · ${p.matcherOrg}` : ""}
                {p.matcherEmailDomain ? ` · @${p.matcherEmailDomain}` : ""}
              </dd>
              <dt>{t("matchFunds.staff.campaign")}</dt>
              <dd>
                <Link to={`/campaigns/${p.campaign.id}`}>{p.campaign.title}</Link>
              </dd>
              <dt>{t("matchFunds.campaign.ratio")}</dt>
              <dd>{p.ratio}</dd>
              <dt>{t("matchFunds.org.total")}</dt>
              <dd>{formatFen(p.totalCapFen)}</dd>
              <dt>{t("matchFunds.campaign.window")}</dt>
              <dd>
                {formatDate(p.startsAt, locale)} – {formatDate(p.endsAt, locale)}
              </dd>
              <dd className="muted small">{t("matchFunds.campaign.caps", { perDonation: formatFen(p.perDonationCapFen), perDay: formatFen(p.perDonorDayCapFen) })}</dd>
            </dl>
            <Form method="post" className="form-card" aria-label={t("matchFunds.staff.decision")}>
              <input type="hidden" name="intent" value="pledge" />
              <input type="hidden" name="pledgeId" value={p.id} />
              <FormError reply={replyFor("pledgeId", p.id)} />
              <SelectField name="decision" label={t("matchFunds.staff.decision")} reply={replyFor("pledgeId", p.id)} required options={[{ value: "APPROVE", label: t("matchFunds.staff.approve") }, { value: "REJECT", label: t("matchFunds.staff.reject") }]} />
              <TextField name="fundingRef" label={t("matchFunds.staff.fundingRef")} reply={replyFor("pledgeId", p.id)} maxLength={200} />
              <TextField name="reason" label={t("matchFunds.staff.reason")} reply={replyFor("pledgeId", p.id)} required multiline rows={2} maxLength={500} />
              <SubmitButton className="button">{t("matchFunds.staff.apply")}</SubmitButton>
            </Form>
          </div>
        ))}
      </section>
      <section className="card">
        <h2>{t("matchFunds.staff.flagged")}</h2>
        {flagged.length ? null : <p className="muted">{t("matchFunds.staff.noFlagged")}</p>}
        {flagged.map((g) => (
          <div key={g.id} data-testid="flagged-match">
            <dl className="dl">
              <dt>{t("matchFunds.staff.campaign")}</dt>
              <dd>
                <Link to={`/campaigns/${g.campaign.id}`}>{g.campaign.title}</Link> · {g.matcherName}
              </dd>
              <dt>{t("matchFunds.staff.donation")}</dt>
              <dd>
                {formatFen(g.donationFen)} · {g.donor ?? t("matchFunds.staff.anonymous")} · {g.paidAt ? formatDateTime(g.paidAt, locale) : ""}
              </dd>
              <dt>{t("matchFunds.staff.match")}</dt>
              <dd>{formatFen(g.amountFen)}</dd>
              <dt>{t("matchFunds.staff.signals")}</dt>
              <dd>
                <ul data-testid="flags">
                  {g.flags.map((f) => (
                    <li key={f.kind} data-flag={f.kind}>
                      {t(`matchFunds.flags.${f.kind}`, f.detail)}
                    </li>
                  ))}
                </ul>
              </dd>
            </dl>
            <Form method="post" className="form-card" aria-label={t("matchFunds.staff.decision")}>
              <input type="hidden" name="intent" value="gift" />
              <input type="hidden" name="giftId" value={g.id} />
              <FormError reply={replyFor("giftId", g.id)} />
              <SelectField name="decision" label={t("matchFunds.staff.decision")} reply={replyFor("giftId", g.id)} required options={[{ value: "RELEASE", label: t("matchFunds.staff.release") }, { value: "REFUSE", label: t("matchFunds.staff.refuse") }]} />
              <TextField name="reason" label={t("matchFunds.staff.reason")} reply={replyFor("giftId", g.id)} required multiline rows={2} maxLength={500} />
              <SubmitButton className="button">{t("matchFunds.staff.apply")}</SubmitButton>
            </Form>
          </div>
        ))}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
