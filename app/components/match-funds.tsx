import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate, formatFen } from "~/utils/format";

export type MatchSummary = {
  matchedTotalFen: string;
  pledges: { id: string; matcherName: string; matcherKind: string; ratio: string; perDonationCapFen: string; perDonorDayCapFen: string; totalCapFen: string; matchedFen: string; leftFen: string; startsAt: string; endsAt: string; open: boolean }[];
};

/** The campaign page's matching-funds card: matched total and, per matcher, what is left (ADR 020). */
export function MatchFundsCard({ summary }: { summary: MatchSummary }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" data-testid="match-funds">
      <h2>{t("matchFunds.campaign.title")}</h2>
      <p>
        {t("matchFunds.campaign.matchedTotal")}: <strong data-testid="matched-total">{formatFen(summary.matchedTotalFen)}</strong>
      </p>
      {summary.pledges.map((p) => (
        <dl className="dl" key={p.id} data-testid="match-pledge">
          <dt>{t("matchFunds.campaign.by")}</dt>
          <dd>
            {p.matcherName}（{t(`matchFunds.kinds.${p.matcherKind}`)}）
          </dd>
          <dt>{t("matchFunds.campaign.ratio")}</dt>
          <dd>{p.ratio}</dd>
          <dt>{t("matchFunds.campaign.matched")}</dt>
          <dd>{formatFen(p.matchedFen)}</dd>
          <dt>{t("matchFunds.campaign.left")}</dt>
          <dd data-testid="match-left">
            {formatFen(p.leftFen)} / {formatFen(p.totalCapFen)}
          </dd>
          <dt>{t("matchFunds.campaign.window")}</dt>
          <dd>
            {formatDate(p.startsAt, locale)} – {formatDate(p.endsAt, locale)}
          </dd>
          <dd className="muted small">{t("matchFunds.campaign.caps", { perDonation: formatFen(p.perDonationCapFen), perDay: formatFen(p.perDonorDayCapFen) })}</dd>
        </dl>
      ))}
      <p className="muted small">{t("matchFunds.campaign.notCounted")}</p>
    </section>
  );
}
