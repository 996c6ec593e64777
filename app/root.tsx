import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import stylesheet from "~/styles/app.css";
import { getOptionalUser, isStaff } from "~/modules/accounts/auth.server";
import { getLocale } from "~/modules/i18n/i18n.server";
import { popFlash } from "~/utils/flash.server";
import { getPublicEnv } from "~/utils/env.server";
import { publicOrigin } from "~/modules/share/urls.server";
import { headerData } from "~/modules/accounts/header.server";
import { SiteHeader } from "~/components/site-header";
import { FlashMessage } from "~/components/flash";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { makeT, type Locale } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = makeT((data?.locale ?? "zh-CN") as Locale);
  return [{ title: t("common.app.fullName") }, { name: "description", content: t("common.app.tagline") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale, { flash, setCookie }] = await Promise.all([getOptionalUser(request), getLocale(request), popFlash(request)]);
  // One round trip for the header's organizations and unread count (issue 17.5).
  const { orgs, unread } = user ? await headerData(user.id) : { orgs: [], unread: 0 };
  return data(
    {
      locale,
      flash,
      ENV: getPublicEnv(),
      shareOrigin: publicOrigin(request),
      user: user && { id: user.id, displayName: user.displayName, globalRole: user.globalRole, isStaff: isStaff(user), hasProfile: user.hasProfile },
      orgs,
      unread,
    },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];
export const useRootData = () => useRouteLoaderData<typeof loader>("root");

function Document({ children, locale }: { children: React.ReactNode; locale: string }) {
  return (
    <html lang={locale === "en" ? "en" : "zh-CN"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const { locale, flash } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Document locale={locale}>
      <a className="skip-link" href="#main">
        {t("common.nav.skipToContent")}
      </a>
      <SiteHeader />
      <main id="main" className="container">
        {flash ? <FlashMessage flash={flash} /> : null}
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          {/* The public figures and the two checks anyone may need, one click from every page (#12.7g). */}
          <nav aria-label={t("newcomer.footer.label")} className="footer-links">
            <Link to="/stats">{t("newcomer.footer.stats")}</Link> · <Link to="/verify/certificates">{t("newcomer.footer.verifyCertificates")}</Link> · <Link to="/verify/receipts">{t("newcomer.footer.verifyReceipts")}</Link> · <Link to="/help">{t("help.footerLink")}</Link>
          </nav>
          <p>{t("common.app.footer")}</p>
        </div>
      </footer>
    </Document>
  );
}

export function ErrorBoundary() {
  const root = useRootData();
  return (
    <Document locale={root?.locale ?? "zh-CN"}>
      <main id="main" className="container">
        <GeneralErrorBoundary />
      </main>
    </Document>
  );
}
