export type TableRow = { label: string; value: string; href?: string };

/** The table shown beside every chart: the same numbers, for reading and for assistive technology. */
export function FigureTable({ caption, headers, rows }: { caption: string; headers: [string, string]; rows: TableRow[] }) {
  return (
    <table className="figure-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{headers[0]}</th>
          <th scope="col">{headers[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td className="num">{r.href ? <a href={r.href}>{r.value}</a> : r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
