import { useLocale, useT } from "~/modules/i18n/use-t";
import { platformName } from "~/modules/platforms/platforms";
import { formatFen } from "~/utils/format";

export type RaisedBySourceRow = { kind: "online" | "platform" | "bank" | "offline"; platform: string | null; amountFen: string; count: number };

/** Money raised by where it arrived, from the ledger: on-site, each designated platform, bank transfers, other offline. */
export function RaisedBySource({ rows, heading = true }: { rows: RaisedBySourceRow[]; heading?: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!rows.length) return null;
  return (
    <>
      {heading ? <h3>{t("platforms.accounts.bySource")}</h3> : null}
      <div className="table-wrap">
        <table data-testid="accounts-by-source">
          <thead>
            <tr>
              <th scope="col">{t("platforms.accounts.source")}</th>
              <th scope="col">{t("platforms.accounts.count")}</th>
              <th scope="col">{t("platforms.accounts.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={`${s.kind}:${s.platform ?? ""}`} data-source={s.kind === "platform" ? `platform:${s.platform}` : s.kind}>
                <td>{s.kind === "platform" ? t("platforms.accounts.onPlatform", { platform: platformName(s.platform ?? "", locale) }) : t(`platforms.accounts.kinds.${s.kind}`)}</td>
                <td className="num">{s.count}</td>
                <td className="num">{formatFen(s.amountFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
