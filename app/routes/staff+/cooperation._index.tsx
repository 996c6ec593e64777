import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/modules/accounts/auth.server";
import { listAgreements } from "~/modules/cross-region/agreements.server";
import { newAgreementAction } from "~/modules/cross-region/forms.server";
import { provinceName } from "~/modules/cross-region/provinces";
import { districtName } from "~/modules/districts/districts";
import type { FormReply } from "~/utils/forms";
import { AgreementForm } from "~/components/cross-region";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("crossRegion.agreements.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { agreements: await listAgreements() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  return newAgreementAction(request, user.id);
}

export default function StaffCooperation() {
  const { agreements } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  const f = (k: string) => t(`crossRegion.agreements.fields.${k}`);
  return (
    <div>
      <div className="page-head">
        <h1>{t("crossRegion.agreements.title")}</h1>
        <Link to="/staff/cooperation/pairings">{t("crossRegion.nav.pairings")}</Link>
      </div>
      <p className="muted">{t("crossRegion.agreements.staffIntro")}</p>
      {agreements.length ? (
        <div className="table-wrap">
          <table data-testid="agreements">
            <thead>
              <tr>
                <th scope="col">{f("title")}</th>
                <th scope="col">{f("parties")}</th>
                <th scope="col">{f("period")}</th>
                <th scope="col">{f("pairings")}</th>
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/staff/cooperation/${a.id}`}>{a.title}</Link>
                  </td>
                  <td>
                    {a.partnerName}（{provinceName(a.partnerProvince, locale)}）↔ {a.localName}
                    {a.localDistrictCode ? `（${districtName(a.localDistrictCode, locale)}）` : ""}
                  </td>
                  <td>
                    {String(a.startsOn).slice(0, 10)} – {a.endsOn ? String(a.endsOn).slice(0, 10) : t("crossRegion.agreements.openEnded")}
                  </td>
                  <td className="num">{a._count.pairings}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("crossRegion.agreements.none")}</p>
      )}
      <h2>{t("crossRegion.agreements.new")}</h2>
      <AgreementForm reply={reply} submitLabel={t("crossRegion.agreements.create")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
