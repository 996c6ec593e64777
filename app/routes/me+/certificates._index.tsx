import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { issueCertificate, listMyCertificates } from "~/modules/volunteering/certificates.server";
import { CertificateSchema } from "~/modules/volunteering/schema";
import { minutesToHours } from "~/modules/volunteering/types";
import { beijingToday } from "~/modules/volunteering/time";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate } from "~/utils/format";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, runAction } from "~/utils/responses.server";
import { setFlash } from "~/utils/flash.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("volunteering.certificates.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const today = beijingToday();
  const { rows: certificates, pagination } = await listMyCertificates(user.id, pageFrom(request));
  return { certificates, pagination, defaults: { from: `${today.slice(0, 4)}-01-01`, to: today } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(CertificateSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => issueCertificate(user.id, parsed.data.from, parsed.data.to));
  if (!res.ok) return res.response;
  return redirect(`/me/certificates/${res.value.code}`, { headers: { "Set-Cookie": await setFlash(request, { messageKey: "volunteering.flash.certificateIssued" }) } });
}

export default function MyCertificates() {
  const { certificates, pagination, defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <div className="page-head">
        <h1>{t("volunteering.certificates.title")}</h1>
        <Link to="/me/volunteering">{t("volunteering.me.title")}</Link>
      </div>
      <div className="cards cards-one">
        <section className="card">
          <h2>{t("volunteering.certificates.issue")}</h2>
          <p className="muted">{t("volunteering.certificates.issueIntro")}</p>
          <p className="muted">{t("hours.certificates.issueNote")}</p>
          <Form method="post" noValidate>
            <FormError reply={reply} />
            <div className="form-grid">
              <TextField name="from" type="date" label={t("volunteering.certificates.from")} reply={reply} defaultValue={defaults.from} required />
              <TextField name="to" type="date" label={t("volunteering.certificates.to")} reply={reply} defaultValue={defaults.to} required />
            </div>
            <button type="submit" disabled={busy}>
              {t("volunteering.certificates.issue")}
            </button>
          </Form>
        </section>
        <section className="card">
          <h2>{t("volunteering.certificates.list")}</h2>
          {certificates.length === 0 ? (
            <p className="muted">{t("volunteering.certificates.none")}</p>
          ) : (
            <ul>
              {certificates.map((c) => (
                <li key={c.code}>
                  <Link to={`/me/certificates/${c.code}`}>{c.code}</Link> ·{" "}
                  {t("volunteering.certificates.period", { from: formatDate(c.periodStart, locale), to: formatDate(c.periodEnd, locale) })} · {minutesToHours(c.totalMinutes)} h
                  {c.status !== "VALID" ? <span className={`status status-${c.status}`}> {t(`hours.certificates.statuses.${c.status}`)}</span> : null}
                </li>
              ))}
            </ul>
          )}
          <Pagination {...pagination} />
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
