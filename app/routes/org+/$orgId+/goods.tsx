import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { distributeGoods, goodsOverview, receiveGoods } from "~/modules/goods/goods.server";
import { GOODS_CATEGORIES, distributeSchema, receiveSchema } from "~/modules/goods/schema";
import { beneficiaryOptions } from "~/modules/beneficiaries/beneficiaries.server";
import { BENEFICIARY_GROUPS } from "~/modules/beneficiaries/groups";
import { DISTRICTS } from "~/modules/districts/districts";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { formatDate, formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { CheckboxGroup, FormError, SelectField, TextField } from "~/components/form";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("stats.goods.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects");
  const [overview, people, org] = await Promise.all([
    goodsOverview(access.orgId, { receipts: pageFrom(request, "receiptsPage"), distributions: pageFrom(request, "distributionsPage") }),
    beneficiaryOptions(access.orgId),
    prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { districtCode: true } }),
  ]);
  return {
    orgDistrict: org.districtCode,
    items: overview.items,
    people,
    receipts: overview.receipts.map((r) => ({ ...r, valueFen: r.valueFen.toString() })),
    receiptPages: overview.receiptPages,
    distributions: overview.distributions,
    distributionPages: overview.distributionPages,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:projects", { requireApproved: true });
  const values = formToObject(await readFormData(request), ["groups"]);
  if (values.intent === "distribute") {
    const parsed = parseWithSchema(distributeSchema, values);
    if (!parsed.ok) return data({ ...parsed.reply, intent: "distribute" }, { status: 400 });
    const result = await runAction(values, () => distributeGoods(access.orgId, access.user.id, parsed.data));
    if (!result.ok) return result.response;
  } else {
    const parsed = parseWithSchema(receiveSchema, values);
    if (!parsed.ok) return data({ ...parsed.reply, intent: "receive" }, { status: 400 });
    const result = await runAction(values, () => receiveGoods(access.orgId, access.user.id, parsed.data));
    if (!result.ok) return result.response;
  }
  return redirectWithFlash(request, `/org/${access.orgId}/goods`, "stats.goods.saved");
}

export default function Goods() {
  const { items, receipts, receiptPages, distributions, distributionPages, people, orgDistrict } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as (FormReply & { intent?: string }) | undefined;
  const t = useT();
  const locale = useLocale();
  const today = new Date().toISOString().slice(0, 10);
  const districtOptions = DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }));
  const receiveReply = reply?.values?.intent === "distribute" ? undefined : reply;
  const distributeReply = reply?.values?.intent === "distribute" ? reply : undefined;
  return (
    <div>
      <h2>{t("stats.goods.title")}</h2>
      <table className="data-table" data-testid="stock">
        <caption>{t("stats.goods.stock")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("stats.goods.item")}</th>
            <th scope="col">{t("stats.goods.category")}</th>
            <th scope="col">{t("stats.goods.stock")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td>{i.name}</td>
              <td>{t(`stats.goodsCategories.${i.category}`)}</td>
              <td className="num">
                {i.stock} {i.unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="cards">
        <Form method="post" className="form-card">
          <h3>{t("stats.goods.receive")}</h3>
          <input type="hidden" name="intent" value="receive" />
          <FormError reply={receiveReply} />
          <TextField name="itemName" label={t("stats.goods.item")} reply={receiveReply} required maxLength={60} />
          <SelectField name="category" label={t("stats.goods.category")} reply={receiveReply} required options={GOODS_CATEGORIES.map((c) => ({ value: c, label: t(`stats.goodsCategories.${c}`) }))} />
          <TextField name="unit" label={t("stats.goods.unit")} reply={receiveReply} required maxLength={10} defaultValue="件" />
          <TextField name="donorName" label={t("stats.goods.donor")} reply={receiveReply} required maxLength={80} />
          <TextField name="quantity" type="number" min={1} label={t("stats.goods.quantity")} reply={receiveReply} required />
          <TextField name="value" label={t("stats.goods.value")} reply={receiveReply} required placeholder="1000.00" />
          <TextField name="receivedOn" type="date" label={t("stats.goods.receivedOn")} reply={receiveReply} required defaultValue={today} />
          <SelectField name="districtCode" label={t("common.district")} reply={receiveReply} required defaultValue={orgDistrict} options={districtOptions} />
          <button type="submit" className="button">
            {t("common.actions.save")}
          </button>
        </Form>
        <Form method="post" className="form-card">
          <h3>{t("stats.goods.distribute")}</h3>
          <input type="hidden" name="intent" value="distribute" />
          <FormError reply={distributeReply} />
          <SelectField name="itemId" label={t("stats.goods.item")} reply={distributeReply} required options={items.map((i) => ({ value: i.id, label: `${i.name}（${i.stock}${i.unit}）` }))} />
          <TextField name="quantity" type="number" min={1} label={t("stats.goods.quantity")} reply={distributeReply} required />
          <TextField name="distributedOn" type="date" label={t("stats.goods.distributedOn")} reply={distributeReply} required defaultValue={today} />
          <SelectField name="districtCode" label={t("common.district")} reply={distributeReply} required defaultValue={orgDistrict} options={districtOptions} />
          <TextField name="place" label={t("stats.goods.place")} reply={distributeReply} required maxLength={100} />
          <SelectField name="beneficiaryId" label={t("stats.goods.recipient")} reply={distributeReply} emptyLabel="" options={people.map((p) => ({ value: p.id, label: `${p.name} ${p.idNumberMasked}` }))} />
          <TextField name="recipientLabel" label={t("stats.goods.recipientLabel")} reply={distributeReply} maxLength={100} />
          <TextField name="headCount" type="number" min={0} label={t("stats.goods.headCount")} reply={distributeReply} />
          <CheckboxGroup name="groups" label={t("stats.goods.groups")} reply={distributeReply} options={BENEFICIARY_GROUPS.map((g) => ({ value: g, label: t(`common.beneficiaryGroups.${g}`) }))} />
          <button type="submit" className="button">
            {t("common.actions.save")}
          </button>
        </Form>
      </div>
      <h3>{t("stats.goods.received")}</h3>
      <ul className="plain-list">
        {receipts.map((r) => (
          <li key={r.id}>
            {formatDate(r.receivedOn, locale)} · {r.item.name} {r.quantity}
            {r.item.unit} · {r.donorName} · {formatFen(r.valueFen, locale)}
          </li>
        ))}
      </ul>
      <Pagination {...receiptPages} param="receiptsPage" />
      <h3>{t("stats.goods.distributed")}</h3>
      <ul className="plain-list">
        {distributions.map((d) => (
          <li key={d.id}>
            {formatDate(d.distributedOn, locale)} · {d.item.name} {d.quantity}
            {d.item.unit} · {d.place} {d.recipientLabel ?? ""}
          </li>
        ))}
      </ul>
      <Pagination {...distributionPages} param="distributionsPage" />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
