import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useRouteLoaderData } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";
import type { loader as rootLoader } from "~/root";

export function SiteHeader() {
  const t = useT();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const location = useLocation();
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand" aria-label={t("common.app.fullName")}>
          <span className="brand-mark" aria-hidden>
            善
          </span>
          <span className="brand-name">{t("common.app.name")}</span>
        </Link>
        <form method="get" action="/search" className="header-search" role="search">
          <label htmlFor="header-q" className="visually-hidden">
            {t("common.nav.search")}
          </label>
          <input id="header-q" type="search" name="q" placeholder={t("common.nav.searchPlaceholder")} maxLength={100} />
        </form>
        <nav aria-label={t("common.nav.menu")} className="main-nav main-nav-wide">
          <NavLinks />
        </nav>
        {/* Phones: the same links behind a disclosure that opens without JavaScript. */}
        {/* Keyed by location so that the menu closes after a client-side navigation. */}
        <details className="nav-menu" key={location.key}>
          <summary>
            {t("common.nav.menu")}
            {root?.unread ? <span className="badge" aria-label={t("common.nav.notifications")}>{root.unread}</span> : null}
          </summary>
          <nav aria-label={t("common.nav.menu")} className="main-nav main-nav-menu">
            <NavLinks />
          </nav>
        </details>
      </div>
    </header>
  );
}

/** The header's links; rendered inline on wide screens and inside the menu on phones (CSS shows one). */
function NavLinks() {
  const t = useT();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const location = useLocation();
  const here = location.pathname + location.search;
  const user = root?.user;
  return (
    <>
      <NavLink to="/orgs">{t("common.nav.directory")}</NavLink>
      <NavLink to="/projects">{t("common.nav.projects")}</NavLink>
      <NavLink to="/campaigns">{t("common.nav.campaigns")}</NavLink>
      <NavLink to="/needs">{t("common.nav.needs")}</NavLink>
      <NavLink to="/shop">{t("common.nav.shop")}</NavLink>
      {user ? (
        <>
          <NavLink to="/me/orgs">{t("common.nav.myOrgs")}</NavLink>
          <NavLink to="/me/volunteering">{t("common.nav.myVolunteering")}</NavLink>
          {user.isStaff ? <NavLink to="/staff">{t("common.nav.staffHome")}</NavLink> : null}
          <NavLink to="/me" end>
            {user.displayName}
            {root?.unread ? <span className="badge" aria-label={t("common.nav.notifications")}>{root.unread}</span> : null}
          </NavLink>
          <Form method="post" action="/auth/logout" className="inline-form">
            <button type="submit" className="link-button">
              {t("common.nav.signOut")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <NavLink to={`/auth/login?redirectTo=${encodeURIComponent(here)}`}>{t("common.nav.signIn")}</NavLink>
          <NavLink to="/auth/signup" className="button button-small">
            {t("common.nav.signUp")}
          </NavLink>
        </>
      )}
      <Form method="post" action="/set-locale" className="inline-form">
        <input type="hidden" name="redirectTo" value={here} />
        <input type="hidden" name="locale" value={root?.locale === "en" ? "zh-CN" : "en"} />
        <button type="submit" className="link-button lang-switch" lang={root?.locale === "en" ? "zh-CN" : "en"}>
          {t("common.nav.switchTo")}
        </button>
      </Form>
    </>
  );
}
