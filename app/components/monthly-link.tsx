import { Link } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";

/** "每月捐": next to (not inside) the donate form, to start a monthly gift to this campaign or fund. */
export function MonthlyLink({ campaignId, fundId }: { campaignId?: string; fundId?: string }) {
  const t = useT();
  const query = campaignId ? `campaignId=${encodeURIComponent(campaignId)}` : `fundId=${encodeURIComponent(fundId ?? "")}`;
  return (
    <p className="card">
      <Link to={`/monthly/new?${query}`} className="button secondary" data-testid="monthly-link">
        {t("monthly.link")}
      </Link>{" "}
      <span className="muted">{t("monthly.linkHint")}</span>
    </p>
  );
}
