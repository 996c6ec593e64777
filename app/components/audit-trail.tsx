import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDateTime } from "~/utils/format";

type Entry = { id: bigint | number | string; action: string; reason: string | null; createdAt: Date | string; actor: { displayName: string } | null; before?: unknown; after?: unknown };

/** `ns`: the namespace whose `actions.*` labels the entries (organizations' by default). */
export function AuditTrail({ entries, ns = "orgs" }: { entries: Entry[]; ns?: string }) {
  const t = useT();
  const locale = useLocale();
  if (!entries.length) return <p className="muted">{t("common.empty")}</p>;
  return (
    <ol className="timeline">
      {entries.map((e) => (
        <li key={String(e.id)}>
          <strong>{t(`${ns}.actions.${e.action}`) === `${ns}.actions.${e.action}` ? e.action : t(`${ns}.actions.${e.action}`)}</strong>
          <span className="muted">
            {" · "}
            {formatDateTime(e.createdAt, locale)}
            {e.actor ? ` · ${e.actor.displayName}` : ""}
          </span>
          {e.reason ? <div>{e.reason}</div> : null}
        </li>
      ))}
    </ol>
  );
}
