import { NavLink } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";

export type AreaTab = { to: string; label: string; end?: boolean };

/** The tab bar of a workspace (an organization's, a producer's): paths relative to `base`, labels as i18n keys. */
export function AreaTabs({ base, tabs, label }: { base: string; tabs: readonly AreaTab[]; label: string }) {
  const t = useT();
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to ? `${base}/${tab.to}` : base} end={tab.end}>
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  );
}
