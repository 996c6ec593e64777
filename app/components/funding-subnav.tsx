import { NavLink } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";

/** Second-level navigation inside an organization's fundraising tab. */
export function FundingSubnav({ orgId }: { orgId: string }) {
  const t = useT();
  return (
    <nav className="tabs" aria-label={t("funding.org.tab")}>
      <NavLink to={`/org/${orgId}/campaigns`}>{t("funding.org.campaigns")}</NavLink>
      <NavLink to={`/org/${orgId}/funds`}>{t("funding.org.funds")}</NavLink>
      <NavLink to={`/org/${orgId}/disbursements`}>{t("funding.org.disbursements")}</NavLink>
      <NavLink to={`/org/${orgId}/disclosures`}>{t("disclosure.org.tab")}</NavLink>
      <NavLink to={`/org/${orgId}/bank-transfers`}>{t("platforms.bank.tab")}</NavLink>
      <NavLink to={`/org/${orgId}/receipts`}>{t("receipts.org.tab")}</NavLink>
      <NavLink to={`/org/${orgId}/payments`}>{t("merchants.org.tab")}</NavLink>
      <NavLink to={`/org/${orgId}/monthly`}>{t("monthly.host.tab")}</NavLink>
    </nav>
  );
}
