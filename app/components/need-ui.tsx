import { Link } from "@remix-run/react";
import { districtName } from "~/modules/districts/districts";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate, formatFen } from "~/utils/format";
import type { KindProgress } from "~/modules/needs/progress";

/** One bar per kind of help wanted. Money in fen arrives as numbers (safe below 2^53 fen). */
export function ProgressBars({ progress, compact }: { progress: KindProgress[]; compact?: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!progress.length) return null;
  const fmt = (p: KindProgress, v: number) => (p.kind === "MONEY" ? formatFen(Math.round(v), locale) : String(v));
  return (
    <ul className={`need-progress${compact ? " compact" : ""}`} aria-label={t("needs.detail.progress")}>
      {progress.map((p) => {
        const pct = Math.round(p.ratio * 100);
        return (
          <li key={p.kind} data-kind={p.kind}>
            <div className="need-progress-label">
              <span>{t(`needs.kinds.${p.kind}`)}</span>
              <span className="muted">
                {t("needs.detail.progressLine", { received: fmt(p, p.received), wanted: fmt(p, p.wanted) })} · {pct}%
              </span>
            </div>
            <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t(`needs.kinds.${p.kind}`)}>
              <span style={{ width: `${pct}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function NeedStatus({ status }: { status: string }) {
  const t = useT();
  return <span className={`status status-${status}`}>{t(`needs.statuses.${status}`)}</span>;
}

export type NeedListItem = { id: string; title: string; category: string; status: string; urgency: string; districtCode: string; town: string | null; deadline: Date | string | null; progress: KindProgress[]; pendingResponses?: number };

export function NeedList({ needs, hrefFor }: { needs: NeedListItem[]; hrefFor?: (id: string) => string }) {
  const t = useT();
  const locale = useLocale();
  if (!needs.length) return <p className="muted">{t("needs.list.none")}</p>;
  return (
    <ul className="cards need-list">
      {needs.map((n) => (
        <li key={n.id} className="card">
          <h3>
            <Link to={hrefFor ? hrefFor(n.id) : `/needs/${n.id}`}>{n.title}</Link>
          </h3>
          <p className="muted">
            <NeedStatus status={n.status} /> <span className="tag">{t(`needs.categories.${n.category}`)}</span> {districtName(n.districtCode, locale)}
            {n.town ? ` · ${n.town}` : ""}
            {n.urgency === "HIGH" || n.urgency === "CRITICAL" ? <span className="tag"> {t(`needs.urgencies.${n.urgency}`)}</span> : null}
            {n.deadline ? ` · ${t("needs.detail.deadline", { date: formatDate(n.deadline, locale) })}` : ""}
          </p>
          <ProgressBars progress={n.progress} compact />
          {n.pendingResponses ? <p className="muted">{t("needs.list.pending", { count: n.pendingResponses })}</p> : null}
        </li>
      ))}
    </ul>
  );
}

export function ResponseOffer({ r, goods }: { r: { kind: string; volunteerCount: number | null; amountFen: string | null; quantity: number | null; unitPriceFen: string | null; goodsItemId: string | null }; goods: { id: string; name: string; unit: string }[] }) {
  const locale = useLocale();
  const t = useT();
  if (r.kind === "VOLUNTEERS") return <>{t("needs.detail.volunteersWanted", { count: r.volunteerCount ?? 0 })}</>;
  if (r.kind === "MONEY") return <>{formatFen(r.amountFen ?? "0", locale)}</>;
  if (r.kind === "GOODS") {
    const g = goods.find((x) => x.id === r.goodsItemId);
    return <>{t("needs.detail.goodsLine", { name: g?.name ?? "", quantity: r.quantity ?? 0, unit: g?.unit ?? "" })}</>;
  }
  return (
    <>
      {r.quantity} × {formatFen(r.unitPriceFen ?? "0", locale)}
    </>
  );
}
