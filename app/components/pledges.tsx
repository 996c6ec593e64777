import { Form, Link } from "@remix-run/react";
import { CANTEEN_ANSWERS, UNIT_KINDS } from "~/modules/pledges/schema";
import { bpToPercent } from "~/modules/pledges/rules";
import { districtName } from "~/modules/districts/districts";
import type { FormReply } from "~/utils/forms";
import { formatFen } from "~/utils/format";
import { Checkbox, FormError, SelectField, TextField } from "~/components/form";
import { districtOptions } from "~/components/filter-select";
import { SubmitButton } from "~/components/submit-button";
import { BarChart } from "~/components/charts/bar-chart";
import { LineChart } from "~/components/charts/line-chart";
import { FigureTable } from "~/components/charts/data-table";
import { useLocale, useT } from "~/modules/i18n/use-t";

/** The reply of one form of a page holding several (chosen by the posted `intent`). */
export const replyFor = (reply: FormReply | undefined, intent: string) => (reply?.values?.intent === intent ? reply : undefined);

export const percentText = (bp: number) => `${bpToPercent(bp)}%`;

export type UnitFormDefaults = Partial<{ name: string; kind: string; creditCode: string; districtCode: string; isBudgetUnit: boolean; canteen: string; contactName: string; contactPhone: string; managerEmail: string }>;

/** Registration and edit form of a buying unit. */
export function BuyingUnitForm({ reply, defaults = {}, submitLabel, intent }: { reply?: FormReply; defaults?: UnitFormDefaults; submitLabel: string; intent?: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="post" className="card form-card">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <FormError reply={reply} />
      <TextField name="name" label={t("pledges.unit.name")} reply={reply} defaultValue={defaults.name} required maxLength={100} />
      <SelectField name="kind" label={t("pledges.unit.kind")} reply={reply} defaultValue={defaults.kind} required emptyLabel={t("pledges.form.choose")} options={UNIT_KINDS.map((k) => ({ value: k, label: t(`pledges.kinds.${k}`) }))} />
      <TextField name="creditCode" label={t("pledges.unit.creditCode")} hint={t("pledges.unit.creditCodeHint")} reply={reply} defaultValue={defaults.creditCode} maxLength={18} />
      <SelectField name="districtCode" label={t("pledges.unit.district")} reply={reply} defaultValue={defaults.districtCode} required emptyLabel={t("pledges.form.choose")} options={districtOptions(locale)} />
      <Checkbox name="isBudgetUnit" label={t("pledges.unit.isBudgetUnit")} hint={t("pledges.unit.isBudgetUnitHint")} reply={reply} defaultValue={defaults.isBudgetUnit} />
      <SelectField
        name="canteen"
        label={t("pledges.unit.canteen")}
        hint={t("pledges.unit.canteenHint")}
        reply={reply}
        defaultValue={defaults.canteen}
        required
        emptyLabel={t("pledges.form.choose")}
        options={CANTEEN_ANSWERS.map((a) => ({ value: a, label: t(`pledges.unit.canteenAnswers.${a}`) }))}
      />
      <TextField name="contactName" label={t("pledges.unit.contactName")} reply={reply} defaultValue={defaults.contactName} required maxLength={30} />
      <TextField name="contactPhone" type="tel" label={t("pledges.unit.contactPhone")} reply={reply} defaultValue={defaults.contactPhone} required maxLength={20} />
      <TextField name="managerEmail" type="email" label={t("pledges.unit.managerEmail")} hint={t("pledges.unit.managerEmailHint")} reply={reply} defaultValue={defaults.managerEmail} maxLength={254} />
      <SubmitButton className="button">{submitLabel}</SubmitButton>
    </Form>
  );
}

/** The facts of a unit (contact masked for viewers who do not manage it). */
export function UnitFacts({ unit }: { unit: { kind: string; creditCode: string | null; districtCode: string; isBudgetUnit: boolean; hasCanteen: boolean; contactName: string; contactPhone: string; contactMasked: boolean; managerName: string | null; managerEmail: string | null; org: { id: string; name: string } | null } }) {
  const t = useT();
  const locale = useLocale();
  return (
    <dl className="dl" data-testid="unit-facts">
      <dt>{t("pledges.unit.kind")}</dt>
      <dd>{t(`pledges.kinds.${unit.kind}`)}</dd>
      <dt>{t("pledges.unit.creditCode")}</dt>
      <dd>{unit.creditCode ?? "—"}</dd>
      <dt>{t("pledges.unit.district")}</dt>
      <dd>{districtName(unit.districtCode, locale)}</dd>
      <dt>{t("pledges.unit.budgetAndCanteen")}</dt>
      <dd>
        {unit.isBudgetUnit ? t("pledges.unit.budgetUnit") : t("pledges.unit.notBudgetUnit")} · {unit.hasCanteen ? t("pledges.unit.canteenAnswers.HAS") : t("pledges.unit.canteenAnswers.NONE")}
        {!unit.hasCanteen ? <span className="muted"> （{t("pledges.unit.noCanteenOwesNothing")}）</span> : null}
      </dd>
      <dt>{t("pledges.unit.contact")}</dt>
      <dd data-testid="unit-contact">
        {unit.contactName} {unit.contactPhone}
        {unit.contactMasked ? <span className="muted"> （{t("pledges.unit.contactMasked")}）</span> : null}
      </dd>
      <dt>{t("pledges.unit.manager")}</dt>
      <dd>{unit.managerName ? `${unit.managerName}${unit.managerEmail ? ` <${unit.managerEmail}>` : ""}` : "—"}</dd>
      <dt>{t("pledges.unit.registeredBy")}</dt>
      <dd>{unit.org ? unit.org.name : t("pledges.unit.registeredByStaff")}</dd>
    </dl>
  );
}

/** New pledge form; the canteen fields appear only for a budget unit with a canteen. */
export function PledgeForm({ reply, producers, defaultYear, floorBp, owesShare }: { reply?: FormReply; producers: { id: string; name: string; districtCode: string }[]; defaultYear: number; floorBp: number; owesShare: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="post" className="card form-card" data-testid="pledge-form">
      <input type="hidden" name="intent" value="pledge" />
      <h3>{t("pledges.pledge.new")}</h3>
      <FormError reply={reply} />
      <TextField name="year" type="number" label={t("pledges.pledge.year")} reply={reply} defaultValue={defaultYear} required min={2020} max={2100} />
      <TextField name="pledged" label={t("pledges.pledge.pledgedYuan")} reply={reply} required maxLength={16} placeholder="100000" />
      <SelectField name="targetDistrictCode" label={t("pledges.pledge.targetDistrict")} hint={t("pledges.pledge.targetHint")} reply={reply} emptyLabel={t("pledges.form.none")} options={districtOptions(locale)} />
      <SelectField
        name="targetProducerId"
        label={t("pledges.pledge.targetProducer")}
        reply={reply}
        emptyLabel={t("pledges.form.none")}
        options={producers.map((p) => ({ value: p.id, label: `${p.name}（${districtName(p.districtCode, locale)}）` }))}
      />
      {owesShare ? (
        <fieldset className="field">
          <legend>{t("pledges.pledge.canteenShare")}</legend>
          <p className="field-hint">{t("pledges.pledge.canteenShareHint", { floor: bpToPercent(floorBp) })}</p>
          <TextField name="canteenBudget" label={t("pledges.pledge.canteenBudgetYuan")} reply={reply} required maxLength={16} />
          <TextField name="sharePercent" label={t("pledges.pledge.sharePercent")} reply={reply} defaultValue={bpToPercent(floorBp)} maxLength={6} />
        </fieldset>
      ) : (
        <p className="muted">{t("pledges.pledge.noShareOwed")}</p>
      )}
      <TextField name="note" label={t("pledges.pledge.note")} reply={reply} multiline rows={2} maxLength={500} />
      <SubmitButton className="button">{t("pledges.pledge.create")}</SubmitButton>
    </Form>
  );
}

export type PledgeRow = { id: string; year: number; targetDistrictCode: string | null; targetProducer: { id: string; name: string } | null; pledgedFen: string; fulfilledFen: string; remainingFen: string; percentBp: number; requiredFen: string | null };

export function PledgeTable({ pledges }: { pledges: PledgeRow[] }) {
  const t = useT();
  const locale = useLocale();
  if (!pledges.length) return <p className="muted">{t("pledges.pledge.none")}</p>;
  return (
    <div className="table-wrap">
      <table className="nowrap-table" data-testid="pledge-table">
        <thead>
          <tr>
            <th>{t("pledges.pledge.year")}</th>
            <th>{t("pledges.pledge.target")}</th>
            <th className="num">{t("pledges.figures.pledged")}</th>
            <th className="num">{t("pledges.figures.fulfilled")}</th>
            <th className="num">{t("pledges.figures.remaining")}</th>
            <th className="num">{t("pledges.figures.percent")}</th>
            <th className="num">{t("pledges.figures.required")}</th>
          </tr>
        </thead>
        <tbody>
          {pledges.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/pledges/${p.id}`}>{p.year}</Link>
              </td>
              <td>{targetText(p, locale)}</td>
              <td className="num">{formatFen(p.pledgedFen)}</td>
              <td className="num">{formatFen(p.fulfilledFen)}</td>
              <td className="num">{formatFen(p.remainingFen)}</td>
              <td className="num">{percentText(p.percentBp)}</td>
              <td className="num">{p.requiredFen ? formatFen(p.requiredFen) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const targetText = (p: { targetDistrictCode: string | null; targetProducer: { name: string } | null }, locale: string) =>
  [p.targetDistrictCode ? districtName(p.targetDistrictCode, locale) : null, p.targetProducer?.name ?? null].filter(Boolean).join(" · ");

/** Bars per month of the pledge's year, the cumulative line against the pledge, and the table of the same numbers. */
export function MonthlyChart({ months, pledgedFen, year }: { months: { month: number; fen: string; cumulativeFen: string }[]; pledgedFen: string; year: number }) {
  const t = useT();
  const yuan = (fen: string) => Number(BigInt(fen)) / 100;
  const fmt = (n: number) => formatFen(BigInt(Math.round(n * 100)));
  const labels = months.map((m) => t("pledges.chart.month", { month: m.month }));
  return (
    <section className="card" data-testid="pledge-chart">
      <h3>{t("pledges.chart.title", { year })}</h3>
      <BarChart
        title={t("pledges.chart.bars", { year })}
        description={months.map((m, i) => `${labels[i]} ${formatFen(m.fen)}`).join("，")}
        data={months.map((m, i) => ({ label: labels[i]!, value: yuan(m.fen) }))}
        format={fmt}
      />
      <LineChart
        title={t("pledges.chart.cumulative", { year })}
        description={months.map((m, i) => `${labels[i]} ${formatFen(m.cumulativeFen)}`).join("，")}
        labels={labels}
        series={[
          { name: t("pledges.chart.cumulativeSeries"), values: months.map((m) => yuan(m.cumulativeFen)) },
          { name: t("pledges.figures.pledged"), values: months.map(() => yuan(pledgedFen)) },
        ]}
        format={fmt}
      />
      <div className="figure-table-wrap">
        <FigureTable caption={t("pledges.chart.table", { year })} headers={[t("pledges.chart.monthHeader"), t("pledges.figures.fulfilled")]} rows={months.map((m, i) => ({ label: labels[i]!, value: formatFen(m.fen) }))} />
      </div>
    </section>
  );
}

type UnitFactsProps = Parameters<typeof UnitFacts>[0]["unit"];

/** A unit's page below its title: facts, pledges, and (for those who may act) the pledge and edit forms. */
export function BuyingUnitBody({
  unit,
  defaults,
  pledges,
  producers,
  canAct,
  year,
  floorBp,
  owesShare,
  reply,
  editLabel,
}: {
  unit: UnitFactsProps;
  defaults: UnitFormDefaults;
  pledges: PledgeRow[];
  producers: { id: string; name: string; districtCode: string }[];
  canAct: boolean;
  year: number;
  floorBp: number;
  owesShare: boolean;
  reply?: FormReply;
  editLabel: string;
}) {
  const t = useT();
  return (
    <>
      <section className="card">
        <UnitFacts unit={unit} />
      </section>
      <section>
        <h3>{t("pledges.pledge.title")}</h3>
        <PledgeTable pledges={pledges} />
      </section>
      {canAct ? (
        <>
          <PledgeForm reply={replyFor(reply, "pledge")} producers={producers} defaultYear={year} floorBp={floorBp} owesShare={owesShare} />
          <details open={Boolean(replyFor(reply, "update"))} className="card">
            <summary>{editLabel}</summary>
            <BuyingUnitForm reply={replyFor(reply, "update")} defaults={defaults} submitLabel={t("pledges.unit.save")} intent="update" />
          </details>
        </>
      ) : null}
    </>
  );
}

/** Pledged, fulfilled, remaining and the percentage, as the dashboard's figure cards. */
export function PledgeFigures({ figures }: { figures: { pledgedFen: string; fulfilledFen: string; remainingFen: string; percentBp: number } }) {
  const t = useT();
  const cards = [
    { key: "pledged", value: formatFen(figures.pledgedFen) },
    { key: "fulfilled", value: formatFen(figures.fulfilledFen) },
    { key: "remaining", value: formatFen(figures.remainingFen) },
    { key: "percent", value: percentText(figures.percentBp) },
  ];
  return (
    <dl className="stats-cards" data-testid="pledge-figures">
      {cards.map((c) => (
        <div key={c.key} className="stat-card" data-metric={c.key}>
          <dt>{t(`pledges.figures.${c.key}`)}</dt>
          <dd data-testid={c.key}>{c.value}</dd>
        </div>
      ))}
    </dl>
  );
}
