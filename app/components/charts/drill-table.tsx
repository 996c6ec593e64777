import { Link } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";
import { Pagination } from "~/components/pagination";

export type DrillData = { kind: string; title: string; filterLines: string[]; query: string; page: number; pageSize: number; headers: string[]; rows: (string | number)[][]; total: number };

export function DrillTable({ data, backTo, exportTo }: { data: DrillData; backTo: string; exportTo: string }) {
  const t = useT();
  return (
    <div>
      <div className="page-head">
        <h1>{data.title}</h1>
        <Link to={backTo}>{t("stats.drill.back")}</Link>
      </div>
      {data.filterLines.map((l) => (
        <p key={l} className="muted">
          {l}
        </p>
      ))}
      <p className="actions">
        <a className="button" href={`${exportTo}?${data.query}&format=xlsx`} download>
          {t("stats.sections.exportXlsx")}
        </a>{" "}
        <a className="button button-secondary" href={`${exportTo}?${data.query}&format=csv`} download>
          {t("stats.sections.exportCsv")}
        </a>
      </p>
      <p>{t("stats.drill.count", { total: data.total })}</p>
      {data.rows.length ? (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                {data.headers.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j} className={typeof c === "number" ? "num" : undefined}>
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t("common.empty")}</p>
      )}
      <Pagination page={data.page} pageSize={data.pageSize} total={data.total} />
    </div>
  );
}
