import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";

/** Friendly pages for 403/404 (and other 4xx), a generic one otherwise. Every route with a loader uses it. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  let status = 500;
  let messageKey = "common.errors.http.500";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const fromBody = typeof error.data === "string" ? safeParse(error.data)?.messageKey : (error.data as { messageKey?: string } | null)?.messageKey;
    messageKey = fromBody ? (fromBody.startsWith("errors.") ? `common.${fromBody}` : fromBody) : `common.errors.http.${status}`;
  }
  const message = t(messageKey) === messageKey ? t(`common.errors.http.${status >= 500 ? 500 : 400}`) : t(messageKey);
  return (
    <section className="error-page" role="alert">
      <p className="error-status">{status}</p>
      <h1>{status === 403 || status === 404 ? message : t("common.errors.title")}</h1>
      {status === 403 || status === 404 ? null : <p>{message}</p>}
      <Link to="/" className="button">
        {t("common.errors.goHome")}
      </Link>
    </section>
  );
}

function safeParse(s: string): { messageKey?: string } | null {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
