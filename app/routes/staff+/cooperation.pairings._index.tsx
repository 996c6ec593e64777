import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/modules/accounts/auth.server";
import { listAgreements } from "~/modules/cross-region/agreements.server";
import { newPairingAction } from "~/modules/cross-region/forms.server";
import { listPairings } from "~/modules/cross-region/pairings.server";
import { PAIRING_STATUSES } from "~/modules/cross-region/kinds";
import type { FormReply } from "~/utils/forms";
import { FormError, SelectField, TextField } from "~/components/form";
import { PairingsTable, PairingTargetFields } from "~/components/cross-region";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("crossRegion.pairings.title");

const querySchema = z.object({ status: z.enum(PAIRING_STATUSES).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { status } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [pairings, agreements] = await Promise.all([listPairings({ status }), listAgreements()]);
  return { status: status ?? "", pairings, agreements: agreements.map((a) => ({ id: a.id, title: a.title })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  return newPairingAction(request, user.id);
}

export default function StaffPairings() {
  const { status, pairings, agreements } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const f = (k: string) => t(`crossRegion.pairings.fields.${k}`);
  return (
    <div>
      <div className="page-head">
        <h1>{t("crossRegion.pairings.title")}</h1>
        <Link to="/staff/cooperation">{t("crossRegion.nav.agreements")}</Link>
      </div>
      <p className="muted">{t("crossRegion.pairings.intro")}</p>
      <Form method="get" className="inline-form">
        <label>
          {f("status")}
          <select name="status" defaultValue={status}>
            <option value="">—</option>
            {PAIRING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`crossRegion.pairings.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("stats.filters.apply")}</button>
      </Form>
      <PairingsTable pairings={pairings} testId="pairings" staffLinks />
      <h2>{t("crossRegion.pairings.new")}</h2>
      <Form method="post" className="stack-form" noValidate>
        <FormError reply={reply} />
        <TextField name="supportOrgId" label={f("supportOrgId")} reply={reply} required />
        <PairingTargetFields reply={reply} />
        <SelectField name="agreementId" label={f("agreementId")} reply={reply} options={agreements.map((a) => ({ value: a.id, label: a.title }))} emptyLabel="—" />
        <SubmitButton>{t("crossRegion.pairings.create")}</SubmitButton>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
