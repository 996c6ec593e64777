import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { createBeneficiary, listBeneficiaries } from "~/modules/beneficiaries/beneficiaries.server";
import { beneficiarySchema } from "~/modules/beneficiaries/schema";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";
import { DISTRICTS, districtName } from "~/modules/districts/districts";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxGroup, FormError, SelectField, TextField } from "~/components/form";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("stats.beneficiaries.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:beneficiaries");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.slice(0, 40) || undefined;
  const { rows, total, pagination } = await listBeneficiaries(access.orgId, { page: pageFrom(url), pageSize: 50, q });
  return {
    orgId: access.orgId,
    canEdit: !access.viaStaff,
    pagination,
    total,
    q: q ?? "",
    rows: rows.map((r) => ({ id: r.id, name: r.name, idNumberMasked: r.idNumberMasked, districtCode: r.districtCode, groups: r.groups, sex: r.sex, ageBand: r.ageBand, reachCount: r._count.reach })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:beneficiaries");
  const values = formToObject(await readFormData(request), ["groups"]);
  const parsed = parseWithSchema(beneficiarySchema, values);
  // The ID number is never echoed back into the page.
  if (!parsed.ok) return data({ ...parsed.reply, values: { ...parsed.reply.values, idNumber: "" } }, { status: 400 });
  const result = await runAction({ ...values, idNumber: "" }, () => createBeneficiary(access.orgId, access.user.id, parsed.data));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}/beneficiaries`, "stats.beneficiaries.saved");
}

export default function Beneficiaries() {
  const { rows, total, pagination, canEdit, q } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h2>{t("stats.beneficiaries.title")}</h2>
      <p className="muted">{t("stats.beneficiaries.private")}</p>
      <Form method="get" className="inline-form">
        <label>
          {t("stats.beneficiaries.name")} <input type="search" name="q" defaultValue={q} maxLength={40} />
        </label>
        <button type="submit">{t("common.actions.search")}</button>
      </Form>
      <div className="table-wrap">
        <table className="data-table" data-testid="beneficiaries">
          <thead>
            <tr>
              <th scope="col">{t("stats.beneficiaries.name")}</th>
              <th scope="col">{t("stats.beneficiaries.idMasked")}</th>
              <th scope="col">{t("common.district")}</th>
              <th scope="col">{t("stats.beneficiaries.groups")}</th>
              <th scope="col">{t("stats.beneficiaries.sex")}</th>
              <th scope="col">{t("stats.beneficiaries.ageBand")}</th>
              <th scope="col">{t("stats.beneficiaries.reachCount")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{r.idNumberMasked}</td>
                <td>{districtName(r.districtCode, locale)}</td>
                <td>{r.groups.map((g) => t(`common.beneficiaryGroups.${g}`)).join("、")}</td>
                <td>{t(`common.sex.${r.sex}`)}</td>
                <td>{t(`stats.ageBands.${r.ageBand}`)}</td>
                <td className="num">{r.reachCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination {...pagination} />
      {canEdit ? (
        <Form method="post" className="form-card">
          <h3>{t("stats.beneficiaries.new")}</h3>
          <FormError reply={reply} />
          <TextField name="name" label={t("stats.beneficiaries.name")} reply={reply} required maxLength={40} />
          <TextField name="idNumber" label={t("stats.beneficiaries.idNumber")} reply={reply} required maxLength={18} autoComplete="off" />
          <SelectField name="districtCode" label={t("common.district")} reply={reply} required emptyLabel="" options={DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }))} />
          <CheckboxGroup name="groups" label={t("stats.beneficiaries.groups")} reply={reply} options={BENEFICIARY_GROUPS.map((g) => ({ value: g, label: t(`common.beneficiaryGroups.${g}`) }))} />
          <TextField name="note" label={t("stats.beneficiaries.note")} reply={reply} maxLength={200} />
          <button type="submit" className="button">
            {t("common.actions.save")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
