import { DISTRICTS } from "~/modules/districts/districts";

/** A labelled <select> for GET filter forms, with an "all" choice first. */
export function FilterSelect({ id, name, label, allLabel, value, options }: { id: string; name: string; label: string; allLabel: string; value: string | undefined; options: { value: string; label: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export const districtOptions = (locale: string) => DISTRICTS.map((d) => ({ value: d.code, label: locale === "en" ? d.nameEn : d.name }));
