import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { organizerCode } from "~/modules/volunteering/checkin.server";
import { checkInQrSvg, checkInUrl } from "~/modules/volunteering/qr.server";
import { loadOr4xx } from "~/modules/volunteering/http.server";
import { beijingTime } from "~/modules/volunteering/time";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate } from "~/utils/format";
import { invariantResponse } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("checkin.code.title", (d) => d?.shift?.project?.title);

/**
 * The organizer's phone at the shift: the rotating code, big and as a QR code, renewed every 30
 * seconds. Only the organization's coordinators, admins and owner (not bureau staff looking on,
 * not a coordinator who volunteers on this shift).
 */
/** The code changes every 30 seconds: never cache the page. */
export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-store" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:volunteering");
  invariantResponse(access.role !== null, 403);
  const res = await loadOr4xx(() => organizerCode(access.orgId, access.user.id, params.shiftId ?? ""));
  const url = res.code ? checkInUrl(request, res.shift.id, res.code) : null;
  return data(
    {
      orgId: access.orgId,
      shift: { id: res.shift.id, startsAt: res.shift.startsAt, endsAt: res.shift.endsAt, place: res.shift.place, placeChecked: res.shift.radiusMeters !== null, project: res.shift.project },
      closed: res.closed,
      code: res.code,
      secondsLeft: res.secondsLeft,
      url,
      svg: url ? await checkInQrSvg(url) : null,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function ShiftCode() {
  const { orgId, shift, closed, code, secondsLeft, url, svg } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const [left, setLeft] = useState(secondsLeft);
  useEffect(() => {
    setLeft(secondsLeft);
    if (!code) return;
    const started = Date.now();
    const tick = setInterval(() => setLeft(Math.max(0, secondsLeft - Math.floor((Date.now() - started) / 1000))), 1000);
    // A little after the step ends, so the server is already on the next code.
    const renew = setTimeout(() => revalidator.revalidate(), secondsLeft * 1000 + 300);
    return () => {
      clearInterval(tick);
      clearTimeout(renew);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-armed by each new code
  }, [code, secondsLeft]);
  return (
    <div className="cards cards-one">
      <section className="card check-in-screen">
        <p>
          <Link to={`/org/${orgId}/rosters/${shift.id}`}>← {t("checkin.code.backToRoster")}</Link>
        </p>
        <h2>
          {shift.project.title} · {formatDate(shift.startsAt, locale)} {beijingTime(shift.startsAt)}–{beijingTime(shift.endsAt)}
        </h2>
        <p className="muted">{shift.place}</p>
        {closed ? (
          <p className="form-error" data-testid="code-closed">
            {t(`checkin.code.closed.${closed}`)}
          </p>
        ) : (
          <>
            {/* Without JavaScript the page reloads itself when the code changes. */}
            <noscript>
              <meta httpEquiv="refresh" content={String(secondsLeft)} />
            </noscript>
            <p className="check-in-code" data-testid="rotating-code" aria-live="polite" style={{ fontSize: "3.5rem", letterSpacing: "0.2em", textAlign: "center", margin: "0.5rem 0" }}>
              {code}
            </p>
            <p className="muted" style={{ textAlign: "center" }} data-testid="seconds-left">
              {t("checkin.code.secondsLeft", { seconds: left })}
            </p>
            {svg && url ? (
              <figure className="check-in-qr" style={{ maxWidth: "20rem", margin: "0 auto" }}>
                {/* SVG generated on the server by the qrcode library from our own URL. */}
                <div role="img" aria-label={t("checkin.code.qr")} className="check-in-qr-image" dangerouslySetInnerHTML={{ __html: svg }} data-testid="rotating-qr" />
                <figcaption className="muted small">
                  {t("checkin.code.qrHint")}{" "}
                  <a href={url} data-testid="check-in-link">
                    {t("checkin.code.link")}
                  </a>
                </figcaption>
              </figure>
            ) : null}
            <p className="muted small">{shift.placeChecked ? t("checkin.code.placeChecked") : t("checkin.code.noPlaceCheck")}</p>
          </>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
