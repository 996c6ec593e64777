import { useId } from "react";
import { useT } from "~/modules/i18n/use-t";
import type { FormReply } from "~/utils/forms";

/** Value typed by the user (kept after an error) or the record's current value. */
export function valueOf(reply: FormReply | undefined | null, name: string, fallback?: unknown): string {
  const v = reply?.values?.[name] ?? fallback;
  if (v === undefined || v === null) return "";
  return Array.isArray(v) ? v.join(",") : String(v);
}

export function valuesOf(reply: FormReply | undefined | null, name: string, fallback: readonly string[] = []): string[] {
  const v = reply?.values?.[name];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === "string" && v) return [v];
  return reply?.values ? [] : [...fallback];
}

type BaseProps = { name: string; label: string; reply?: FormReply | null; hint?: string; defaultValue?: unknown; required?: boolean };

function useFieldIds(name: string) {
  const id = `${useId()}-${name}`;
  return { id, errorId: `${id}-error`, hintId: `${id}-hint` };
}

function FieldMessages({ errorKey, errorId, hint, hintId }: { errorKey?: string; errorId: string; hint?: string; hintId: string }) {
  const t = useT();
  return (
    <>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {errorKey ? (
        <p id={errorId} className="field-error" role="alert">
          {t(errorKey)}
        </p>
      ) : null}
    </>
  );
}

const describedBy = (error: unknown, hint: unknown, errorId: string, hintId: string) =>
  [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;

export function TextField({
  name,
  label,
  reply,
  hint,
  defaultValue,
  required,
  type = "text",
  multiline,
  ...rest
}: BaseProps & { type?: string; multiline?: boolean; rows?: number; minLength?: number; maxLength?: number; autoComplete?: string; placeholder?: string; min?: string | number; max?: string | number; step?: string | number }) {
  const { id, errorId, hintId } = useFieldIds(name);
  const errorKey = reply?.fieldErrors?.[name];
  const common = {
    id,
    name,
    required,
    "aria-invalid": errorKey ? true : undefined,
    "aria-describedby": describedBy(errorKey, hint, errorId, hintId),
    defaultValue: type === "password" ? undefined : valueOf(reply, name, defaultValue),
  };
  return (
    <div className={`field${errorKey ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required" aria-hidden> *</span> : null}
      </label>
      {multiline ? <textarea {...common} rows={rest.rows ?? 4} minLength={rest.minLength} maxLength={rest.maxLength} placeholder={rest.placeholder} /> : <input {...common} type={type} {...rest} />}
      <FieldMessages errorKey={errorKey} errorId={errorId} hint={hint} hintId={hintId} />
    </div>
  );
}

export function SelectField({ name, label, reply, hint, defaultValue, required, options, emptyLabel }: BaseProps & { options: { value: string; label: string }[]; emptyLabel?: string }) {
  const { id, errorId, hintId } = useFieldIds(name);
  const errorKey = reply?.fieldErrors?.[name];
  return (
    <div className={`field${errorKey ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required" aria-hidden> *</span> : null}
      </label>
      <select id={id} name={name} required={required} defaultValue={valueOf(reply, name, defaultValue)} aria-invalid={errorKey ? true : undefined} aria-describedby={describedBy(errorKey, hint, errorId, hintId)}>
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages errorKey={errorKey} errorId={errorId} hint={hint} hintId={hintId} />
    </div>
  );
}

export function CheckboxGroup({ name, label, reply, hint, defaultValue, required, options }: BaseProps & { options: { value: string; label: string }[] }) {
  const { id, errorId, hintId } = useFieldIds(name);
  const errorKey = reply?.fieldErrors?.[name];
  const checked = new Set(valuesOf(reply, name, (defaultValue as string[] | undefined) ?? []));
  return (
    <fieldset className={`field checkbox-group${errorKey ? " field-invalid" : ""}`} aria-describedby={describedBy(errorKey, hint, errorId, hintId)}>
      <legend>
        {label}
        {required ? <span className="required" aria-hidden> *</span> : null}
      </legend>
      <div className="checkbox-grid">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input type="checkbox" name={name} value={o.value} defaultChecked={checked.has(o.value)} id={`${id}-${o.value}`} />
            {o.label}
          </label>
        ))}
      </div>
      <FieldMessages errorKey={errorKey} errorId={errorId} hint={hint} hintId={hintId} />
    </fieldset>
  );
}

export function Checkbox({ name, label, reply, defaultValue, hint }: BaseProps) {
  const { id, errorId, hintId } = useFieldIds(name);
  const errorKey = reply?.fieldErrors?.[name];
  const v = reply?.values ? reply.values[name] === "on" || reply.values[name] === "true" : Boolean(defaultValue);
  return (
    <div className={`field${errorKey ? " field-invalid" : ""}`}>
      <label className="checkbox" htmlFor={id}>
        <input type="checkbox" id={id} name={name} defaultChecked={v} aria-describedby={describedBy(errorKey, hint, errorId, hintId)} />
        {label}
      </label>
      <FieldMessages errorKey={errorKey} errorId={errorId} hint={hint} hintId={hintId} />
    </div>
  );
}

export function FormError({ reply }: { reply?: FormReply | null }) {
  const t = useT();
  if (!reply?.formError) return null;
  return (
    <div className="form-error" role="alert">
      {t(reply.formError, reply.formErrorParams)}
    </div>
  );
}
