import { Form, Link } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { DISTRICTS, districtName } from "~/modules/districts/districts";
import { PROVINCES, HOME_PROVINCE, provinceName } from "~/modules/cross-region/provinces";
import { PAIRING_TARGETS } from "~/modules/cross-region/kinds";
import type { FormReply } from "~/utils/forms";
import { formatFen } from "~/utils/format";
import { FormError, SelectField, TextField } from "./form";
import { SubmitButton } from "./submit-button";

/** 「外省支援 · 山东省」: shown on the organization's public page and in staff review. */
export function ProvinceBadge({ provinceCode }: { provinceCode: string | null }) {
  const t = useT();
  const locale = useLocale();
  if (!provinceCode || provinceCode === HOME_PROVINCE) return null;
  const province = provinceName(provinceCode, locale);
  return (
    <span className="badge badge-province" data-province={provinceCode} title={t("crossRegion.badgeTitle", { province })}>
      {t("crossRegion.badge", { province })}
    </span>
  );
}

export function useDistrictOptions() {
  const locale = useLocale();
  return DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }));
}

type AgreementValues = Partial<Record<string, unknown>>;

export function AgreementForm({ reply, initial, submitLabel }: { reply?: FormReply | null; initial?: AgreementValues; submitLabel: string }) {
  const t = useT();
  const locale = useLocale();
  const districts = useDistrictOptions();
  const provinces = PROVINCES.filter((p) => p.code !== HOME_PROVINCE).map((p) => ({ value: p.code, label: locale === "en" ? p.nameEn : p.name }));
  const f = (k: string) => t(`crossRegion.agreements.fields.${k}`);
  const v = (k: string) => (typeof initial?.[k] === "string" ? (initial[k] as string) : undefined);
  return (
    <Form method="post" className="stack-form" noValidate>
      <FormError reply={reply} />
      <TextField name="title" label={f("title")} reply={reply} defaultValue={v("title")} required maxLength={120} />
      <TextField name="partnerName" label={f("partnerName")} reply={reply} defaultValue={v("partnerName")} required placeholder="山东省民政厅" />
      <SelectField name="partnerProvince" label={f("partnerProvince")} reply={reply} defaultValue={v("partnerProvince") ?? "37"} options={provinces} required />
      <TextField name="localName" label={f("localName")} reply={reply} defaultValue={v("localName")} required placeholder="重庆市民政局" />
      <SelectField name="localDistrictCode" label={f("localDistrictCode")} reply={reply} defaultValue={v("localDistrictCode")} options={districts} emptyLabel={t("crossRegion.agreements.cityWide")} />
      <TextField name="startsOn" type="date" label={f("startsOn")} reply={reply} defaultValue={v("startsOn")} required />
      <TextField name="endsOn" type="date" label={f("endsOn")} reply={reply} defaultValue={v("endsOn")} />
      <TextField name="partnerLiaisonName" label={f("partnerLiaisonName")} reply={reply} defaultValue={v("partnerLiaisonName")} />
      <TextField name="partnerLiaisonPhone" label={f("partnerLiaisonPhone")} reply={reply} defaultValue={v("partnerLiaisonPhone")} />
      <TextField name="localLiaisonName" label={f("localLiaisonName")} reply={reply} defaultValue={v("localLiaisonName")} />
      <TextField name="localLiaisonPhone" label={f("localLiaisonPhone")} reply={reply} defaultValue={v("localLiaisonPhone")} />
      <TextField name="summary" label={f("summary")} reply={reply} defaultValue={v("summary")} multiline maxLength={2000} />
      <input type="hidden" name="intent" value="update" />
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}

/** Target, id or district, note: the fields shared by the staff's pairing form and the organization's request. */
export function PairingTargetFields({ reply }: { reply?: FormReply | null }) {
  const t = useT();
  const districts = useDistrictOptions();
  const f = (k: string) => t(`crossRegion.pairings.fields.${k}`);
  return (
    <>
      <SelectField name="target" label={f("target")} reply={reply} defaultValue="PROJECT" options={PAIRING_TARGETS.map((x) => ({ value: x, label: t(`crossRegion.pairings.targets.${x}`) }))} required />
      <TextField name="targetId" label={f("targetId")} reply={reply} />
      <SelectField name="districtCode" label={f("districtCode")} reply={reply} options={districts} emptyLabel="—" />
      <TextField name="note" label={f("note")} reply={reply} multiline maxLength={500} />
    </>
  );
}

type PairingRow = {
  id: string;
  target: string;
  districtCode: string | null;
  status: string;
  moneyFen: string | number | bigint;
  goodsFen: string | number | bigint;
  supportOrg?: { name: string; provinceCode: string | null };
};

/**
 * Pairings with their target, status and the money and goods given under them; with `staffLinks`,
 * led by the supporting organization (and its province), linked to the staff page of each pairing.
 */
export function PairingsTable({ pairings, testId, staffLinks = false }: { pairings: PairingRow[]; testId: string; staffLinks?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const f = (k: string) => t(`crossRegion.pairings.fields.${k}`);
  if (!pairings.length) return <p className="muted">{t("crossRegion.pairings.none")}</p>;
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            {staffLinks ? <th scope="col">{f("supportOrg")}</th> : null}
            <th scope="col">{f("target")}</th>
            <th scope="col">{f("status")}</th>
            <th scope="col">{f("money")}</th>
            <th scope="col">{f("goods")}</th>
          </tr>
        </thead>
        <tbody>
          {pairings.map((p) => (
            <tr key={p.id}>
              {staffLinks && p.supportOrg ? (
                <td>
                  <Link to={`/staff/cooperation/pairings/${p.id}`}>{p.supportOrg.name}</Link>（{p.supportOrg.provinceCode ? provinceName(p.supportOrg.provinceCode, locale) : "—"}）
                </td>
              ) : null}
              <td>
                {t(`crossRegion.pairings.targets.${p.target}`)} · {districtName(p.districtCode, locale)}
              </td>
              <td>{t(`crossRegion.pairings.statuses.${p.status}`)}</td>
              <td className="num">{formatFen(p.moneyFen, locale)}</td>
              <td className="num">{formatFen(p.goodsFen, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
