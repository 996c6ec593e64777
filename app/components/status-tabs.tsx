import { Link } from "@remix-run/react";

/** The tabs over a staff queue: one link per status with its count, the current one marked active. */
export function StatusTabs<S extends string>({ statuses, current, counts, label, labelOf }: { statuses: readonly S[]; current: S; counts: Partial<Record<string, number>>; label: string; labelOf: (s: S) => string }) {
  return (
    <nav className="tabs" aria-label={label}>
      {statuses.map((s) => (
        <Link key={s} to={`?status=${s}`} className={s === current ? "active" : undefined}>
          {labelOf(s)} ({counts[s] ?? 0})
        </Link>
      ))}
    </nav>
  );
}
