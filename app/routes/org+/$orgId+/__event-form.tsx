import { Form } from "@remix-run/react";
import { CheckboxGroup, FormError, SelectField, TextField } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { districtOptions } from "~/components/filter-select";
import { EVENT_CHANNELS } from "~/modules/sales/constants";
import { useLocale, useT } from "~/modules/i18n/use-t";
import type { FormReply } from "~/utils/forms";

export type EventDefaults = Partial<{ channel: string; title: string; startsOn: string; endsOn: string; districtCode: string; place: string; description: string | null; producerIds: string[]; otherProducerCodes: string }>;

export function EventForm({ reply, producers, defaults, submitLabel }: { reply?: FormReply; producers: { id: string; name: string }[]; defaults: EventDefaults; submitLabel: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Form method="post" className="form-card" noValidate>
      <FormError reply={reply} />
      <SelectField name="channel" label={t("sales.events.fields.channel")} reply={reply} required defaultValue={defaults.channel} options={EVENT_CHANNELS.map((c) => ({ value: c, label: t(`sales.channels.${c}`) }))} />
      <TextField name="title" label={t("sales.events.fields.title")} reply={reply} required maxLength={100} defaultValue={defaults.title} />
      <TextField name="startsOn" type="date" label={t("sales.events.fields.startsOn")} reply={reply} required defaultValue={defaults.startsOn} />
      <TextField name="endsOn" type="date" label={t("sales.events.fields.endsOn")} reply={reply} required defaultValue={defaults.endsOn} />
      <SelectField name="districtCode" label={t("sales.events.fields.district")} reply={reply} required defaultValue={defaults.districtCode} options={districtOptions(locale)} />
      <TextField name="place" label={t("sales.events.fields.place")} reply={reply} required maxLength={100} defaultValue={defaults.place} />
      <TextField name="description" label={t("sales.events.fields.description")} reply={reply} multiline rows={4} maxLength={2000} defaultValue={defaults.description} />
      {producers.length ? <CheckboxGroup name="producerIds" label={t("sales.events.producers")} reply={reply} hint={t("sales.events.producersHint")} defaultValue={defaults.producerIds ?? []} options={producers.map((p) => ({ value: p.id, label: p.name }))} /> : null}
      <TextField name="otherProducerCodes" label={t("sales.events.otherProducers")} reply={reply} multiline rows={3} maxLength={4000} defaultValue={defaults.otherProducerCodes} />
      <SubmitButton className="button">{submitLabel}</SubmitButton>
    </Form>
  );
}
