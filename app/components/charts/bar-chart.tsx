import { useId } from "react";

export type ChartDatum = { label: string; value: number; href?: string };

/**
 * Horizontal bar chart rendered on the server as SVG: readable without JavaScript, described by
 * <title>/<desc> for screen readers, and always shown beside a table of the same numbers.
 */
export function BarChart({ title, description, data, format = String, width = 560 }: { title: string; description: string; data: ChartDatum[]; format?: (n: number) => string; width?: number }) {
  const id = useId();
  const rowH = 26;
  const labelW = 130;
  const valueW = 90;
  const barMax = width - labelW - valueW - 10;
  const max = Math.max(1, ...data.map((d) => Math.abs(d.value)));
  const height = Math.max(rowH, data.length * rowH) + 8;
  return (
    <svg className="chart chart-bar" role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet" data-chart={title}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {data.map((d, i) => {
        const w = Math.max(d.value > 0 ? 2 : 0, Math.round((Math.abs(d.value) / max) * barMax));
        const y = 4 + i * rowH;
        const bar = (
          <>
            <text x={labelW - 6} y={y + 17} textAnchor="end" className="chart-label">
              {d.label}
            </text>
            <rect x={labelW} y={y + 4} width={w} height={rowH - 8} rx={3} className="chart-bar-rect" data-value={d.value}>
              <title>{`${d.label}: ${format(d.value)}`}</title>
            </rect>
            <text x={labelW + w + 6} y={y + 17} className="chart-value">
              {format(d.value)}
            </text>
          </>
        );
        return <g key={d.label}>{d.href ? <a href={d.href}>{bar}</a> : bar}</g>;
      })}
    </svg>
  );
}
