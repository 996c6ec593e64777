import { Link } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";
import { formatFen } from "~/utils/format";
import { daysLeft, deadlinePassed, progressPercent } from "~/modules/campaigns/rules";

export function ProgressBar({ raisedFen, goalFen, label }: { raisedFen: string; goalFen: string; label?: string }) {
  const t = useT();
  const pct = progressPercent(raisedFen, goalFen);
  return (
    <div className="funding-progress">
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={label ?? t("funding.card.progress", { pct })}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <p className="muted small" data-testid="progress-text">
        {t("funding.card.raised", { raised: formatFen(raisedFen) })} · {t("funding.card.goal", { goal: formatFen(goalFen) })} · {t("funding.card.progress", { pct })}
      </p>
    </div>
  );
}

/** `today` (YYYY-MM-DD in China) from the loader keeps the page a function of its data (the render memo) and the same on both sides of hydration. */
export function DaysLeft({ deadline, today }: { deadline: string; today: string }) {
  const t = useT();
  if (deadlinePassed(deadline, today)) return <span>{t("funding.card.ended")}</span>;
  const days = daysLeft(deadline, today);
  return <span>{days <= 1 ? t("funding.card.lastDay") : t("funding.card.daysLeft", { days })}</span>;
}

export type CampaignCardProps = {
  id: string;
  title: string;
  kind: string;
  status: string;
  /** The district's name in the reader's locale (resolved by the loader: no district table in the browser). */
  district: string;
  goalFen: string;
  deadline: string;
  org: { id: string; name: string };
  totals: { netRaisedFen: string };
};

export function CampaignCard({ c, today }: { c: CampaignCardProps; today: string }) {
  const t = useT();
  return (
    <article className="card campaign-card">
      <p className="muted small">
        <span className="tag">{t(`funding.kinds.${c.kind}`)}</span>
        {c.district}
        {c.status !== "APPROVED" ? <span className={`status status-${c.status}`}> {t(`funding.statuses.${c.status}`)}</span> : null}
      </p>
      <h3>
        <Link to={`/campaigns/${c.id}`}>{c.title}</Link>
      </h3>
      <ProgressBar raisedFen={c.totals.netRaisedFen} goalFen={c.goalFen} />
      <p className="muted small">
        {t("funding.card.by", { org: c.org.name })} · <DaysLeft deadline={c.deadline} today={today} />
      </p>
    </article>
  );
}

export function CampaignGrid({ items, today }: { items: CampaignCardProps[]; today: string }) {
  return (
    <div className="cards">
      {items.map((c) => (
        <CampaignCard key={c.id} c={c} today={today} />
      ))}
    </div>
  );
}

/** The home page's section: live campaigns with progress bars. */
export function LiveCampaignsSection({ items, today }: { items: CampaignCardProps[]; today: string }) {
  const t = useT();
  return (
    <section aria-labelledby="live-campaigns-title" data-testid="live-campaigns">
      <div className="page-head">
        <h2 id="live-campaigns-title">{t("funding.home.title")}</h2>
        <Link to="/campaigns">{t("funding.home.all")}</Link>
      </div>
      {items.length ? <CampaignGrid items={items} today={today} /> : <p className="muted">{t("funding.home.empty")}</p>}
    </section>
  );
}
