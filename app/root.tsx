import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import stylesheet from "~/styles/app.css";
import { SiteHeader } from "~/components/site-header";
import { FlashMessage } from "~/components/flash";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { makeT, type Locale } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import { I18nScript } from "~/modules/i18n/i18n-script";
// The loader lives in a .server module: the browser bundle then carries one empty stand-in for it
// instead of one for each server module it uses (#17.4, page weight).
import { loader } from "./root-loader.server";

export { loader };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = makeT((data?.locale ?? "zh-CN") as Locale);
  return [{ title: t("common.app.fullName") }, { name: "description", content: t("common.app.tagline") }];
};

export type RootData = Awaited<ReturnType<typeof loader>>["data"];
export const useRootData = () => useRouteLoaderData<typeof loader>("root");

function Document({ children, locale }: { children: React.ReactNode; locale: string }) {
  return (
    <html lang={locale === "en" ? "en" : "zh-CN"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Texts a render needs that the page did not carry load on demand (#17.4): a render outside a
            transition (after a form post) waits here rather than failing. */}
        <Suspense fallback={null}>
          <Meta />
        </Suspense>
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
        {/* Last, so that it names every text namespace the page read. */}
        <I18nScript locale={locale === "en" ? "en" : "zh-CN"} />
      </body>
    </html>
  );
}

export default function App() {
  const { locale } = useLoaderData<typeof loader>();
  return (
    <Document locale={locale}>
      <Suspense fallback={null}>
        <Page />
      </Suspense>
    </Document>
  );
}

function Page() {
  const { flash } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
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
          <nav aria-label={t("common.footer.label")} className="footer-links">
            <Link to="/stats">{t("common.footer.stats")}</Link> · <Link to="/verify/certificates">{t("common.footer.verifyCertificates")}</Link> · <Link to="/verify/receipts">{t("common.footer.verifyReceipts")}</Link> · <Link to="/help">{t("common.footer.help")}</Link>
          </nav>
          <p>{t("common.app.footer")}</p>
        </div>
      </footer>
    </>
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
