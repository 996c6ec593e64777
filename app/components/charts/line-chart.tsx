import { useId } from "react";

export type Series = { name: string; values: number[] };

/** Line chart of one or two series over labelled buckets, server-rendered SVG with <title>/<desc>. */
export function LineChart({ title, description, labels, series, format = String, width = 560, height = 220 }: { title: string; description: string; labels: string[]; series: Series[]; format?: (n: number) => string; width?: number; height?: number }) {
  const id = useId();
  const pad = { l: 70, r: 12, t: 12, b: 34 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) => pad.l + (labels.length <= 1 ? w / 2 : (i * w) / (labels.length - 1));
  const y = (v: number) => pad.t + h - (v / max) * h;
  const ticks = [0, 0.5, 1].map((f) => Math.round(max * f));
  const every = Math.max(1, Math.ceil(labels.length / 12));
  return (
    <svg className="chart chart-line" role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet" data-chart={title}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {ticks.map((tv) => (
        <g key={tv}>
          <line x1={pad.l} x2={pad.l + w} y1={y(tv)} y2={y(tv)} className="chart-grid" />
          <text x={pad.l - 6} y={y(tv) + 4} textAnchor="end" className="chart-axis">
            {format(tv)}
          </text>
        </g>
      ))}
      {labels.map((l, i) =>
        i % every === 0 ? (
          <text key={l} x={x(i)} y={height - 12} textAnchor="middle" className="chart-axis">
            {l}
          </text>
        ) : null,
      )}
      {series.map((s, si) => (
        <g key={s.name} className={`chart-series chart-series-${si}`}>
          <polyline fill="none" strokeWidth={2} points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")} />
          {s.values.map((v, i) => (
            <circle key={labels[i]} cx={x(i)} cy={y(v)} r={3} data-value={v}>
              <title>{`${s.name} ${labels[i]}: ${format(v)}`}</title>
            </circle>
          ))}
        </g>
      ))}
    </svg>
  );
}
