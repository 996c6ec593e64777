import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { agreementForStaff } from "~/modules/cross-region/agreements.server";
import { agreementPageAction } from "~/modules/cross-region/forms.server";
import { provinceName } from "~/modules/cross-region/provinces";
import { isAppError } from "~/utils/errors";
import { invariantResponse } from "~/utils/responses.server";
import type { FormReply } from "~/utils/forms";
import { AgreementForm } from "~/components/cross-region";
import { SubmitButton } from "~/components/submit-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("crossRegion.agreements.edit");

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const a = await agreementForStaff(params.agreementId ?? "").catch((e) => {
    if (isAppError(e)) return null;
    throw e;
  });
  invariantResponse(a, 404);
  return { agreement: { ...a, startsOn: iso(a.startsOn), endsOn: iso(a.endsOn) } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  return agreementPageAction(request, user.id, params.agreementId ?? "");
}

export default function StaffAgreement() {
  const { agreement: a } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const f = (k: string) => t(`crossRegion.agreements.fields.${k}`);
  const docError = reply?.fieldErrors?.document;
  return (
    <div>
      <p>
        <Link to="/staff/cooperation">← {t("crossRegion.agreements.title")}</Link>
      </p>
      <h1>{a.title}</h1>
      <p>
        {a.partnerName}（{provinceName(a.partnerProvince, locale)}）↔ {a.localName}
      </p>
      <dl className="facts" data-testid="liaison">
        <dt>{f("partnerLiaisonName")}</dt>
        <dd>
          {a.partnerLiaisonName ?? "—"} {a.partnerLiaisonPhone ?? ""}
        </dd>
        <dt>{f("localLiaisonName")}</dt>
        <dd>
          {a.localLiaisonName ?? "—"} {a.localLiaisonPhone ?? ""}
        </dd>
        <dt>{f("pairings")}</dt>
        <dd>
          <Link to="/staff/cooperation/pairings">{a._count.pairings}</Link>
        </dd>
      </dl>
      <h2>{f("document")}</h2>
      {a.document ? (
        <p>
          <a href={`/files/${a.document.id}`}>{t("crossRegion.agreements.documentLink")}</a> · {a.document.fileName}
        </p>
      ) : (
        <p className="muted">{t("crossRegion.agreements.noDocument")}</p>
      )}
      <Form method="post" encType="multipart/form-data" className="inline-form">
        <input type="hidden" name="intent" value="document" />
        <label>
          {f("document")} <input type="file" name="document" accept="application/pdf,image/png,image/jpeg,image/webp" aria-invalid={docError ? true : undefined} />
        </label>
        {docError ? (
          <p className="field-error" role="alert">
            {t(docError)}
          </p>
        ) : null}
        <SubmitButton>{t("crossRegion.agreements.uploadDocument")}</SubmitButton>
      </Form>
      <h2>{t("crossRegion.agreements.edit")}</h2>
      <AgreementForm reply={reply?.fieldErrors?.document ? undefined : reply} initial={a} submitLabel={t("crossRegion.agreements.save")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
