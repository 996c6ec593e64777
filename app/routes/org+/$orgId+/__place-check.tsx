import { TextField } from "~/components/form";
import { useT } from "~/modules/i18n/use-t";
import type { FormReply } from "~/utils/forms";

/** The shift's optional place check and coverage share (issue 15.1), shared with the add-shift form. */
export function PlaceCheckFields({ reply, shift }: { reply: FormReply | null | undefined; shift?: { latitude: number | null; longitude: number | null; radiusMeters: number | null; minCoveragePercent: number } }) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t("checkin.fields.legend")}</legend>
      <p className="muted small">{t("checkin.fields.hint")}</p>
      <div className="form-grid">
        <TextField name="latitude" type="number" step="any" min={-90} max={90} label={t("checkin.fields.latitude")} reply={reply} defaultValue={shift?.latitude ?? ""} />
        <TextField name="longitude" type="number" step="any" min={-180} max={180} label={t("checkin.fields.longitude")} reply={reply} defaultValue={shift?.longitude ?? ""} />
        <TextField name="radiusMeters" type="number" min={20} max={5000} label={t("checkin.fields.radius")} reply={reply} defaultValue={shift?.radiusMeters ?? ""} />
        <TextField name="minCoveragePercent" type="number" min={10} max={100} label={t("checkin.fields.coverage")} hint={t("checkin.fields.coverageHint")} reply={reply} defaultValue={shift?.minCoveragePercent ?? 60} />
      </div>
    </fieldset>
  );
}
