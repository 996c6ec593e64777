import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useNavigate, useParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { requireUser } from "~/modules/accounts/auth.server";
import { signPage, signStatus } from "~/modules/monthly/gifts.server";
import { deviceKind } from "~/modules/payments/device.server";
import { qrPng } from "~/modules/share/qr.server";
import { publicOrigin } from "~/modules/share/urls.server";
import { invariantResponse } from "~/utils/responses.server";
import { isAppError } from "~/utils/errors";
import { formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("monthly.sign.title");

/** How often the page asks whether the agreement has been signed. */
const POLL_MS = 3000;

/**
 * WeChat Pay 委托代扣 signing outside WeChat: the sign URL as a QR code to scan with WeChat, for the
 * gift's donor only. `?poll=1` answers whether the agreement has arrived (the signed notification);
 * signed: on to the gift's page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const giftId = params.giftId ?? "";
  const done = `/me/monthly/${encodeURIComponent(giftId)}`;
  try {
    if (new URL(request.url).searchParams.get("poll") === "1") {
      const s = await signStatus(user.id, giftId);
      return { poll: true as const, signed: s.signed || s.cancelled, doneUrl: done, title: "", amountFen: "0", qrImage: null, inWechat: false };
    }
    const page = await signPage(user.id, giftId, publicOrigin(request));
    if (page.signed) throw redirect(done);
    return {
      poll: false as const,
      signed: false,
      doneUrl: done,
      title: page.title,
      amountFen: page.amountFen,
      // An image, so that inside WeChat a long press recognises the code.
      qrImage: `data:image/png;base64,${qrPng(page.signUrl, 6).toString("base64")}`,
      inWechat: deviceKind(request.headers.get("User-Agent")) === "wechat",
    };
  } catch (e) {
    if (isAppError(e) && e.status === 409) throw redirect(done);
    if (isAppError(e) && e.status === 404) invariantResponse(false, 404);
    throw e;
  }
}

export default function MonthlySign() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const giftId = encodeURIComponent(useParams().giftId ?? "");
  const fetcher = useFetcher<typeof loader>();
  const navigate = useNavigate();
  const signed = fetcher.data?.signed ?? d.signed;
  const latest = useRef(fetcher);
  latest.current = fetcher;

  useEffect(() => {
    if (signed) return;
    const timer = setInterval(() => {
      if (latest.current.state === "idle") latest.current.load(`/monthly/${giftId}/sign?poll=1`);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [signed, giftId]);

  useEffect(() => {
    if (fetcher.data?.signed) navigate(fetcher.data.doneUrl, { replace: true });
  }, [fetcher.data, navigate]);

  return (
    <div className="form-narrow">
      <h1>{t("monthly.sign.title")}</h1>
      <section className="card" data-testid="monthly-sign">
        <dl className="dl">
          <dt>{t("monthly.sign.for")}</dt>
          <dd>{d.title}</dd>
          <dt>{t("monthly.sign.amount")}</dt>
          <dd>{formatFen(d.amountFen)}</dd>
        </dl>
        {signed ? (
          <p>{t("monthly.sign.signed")}</p>
        ) : (
          <>
            <p>{d.inWechat ? t("monthly.sign.longPress") : t("monthly.sign.scan")}</p>
            {d.qrImage ? (
              <p className="qr-box">
                <img src={d.qrImage} alt={t("monthly.sign.qrAlt")} width={240} height={240} style={{ maxWidth: "100%", height: "auto" }} data-testid="monthly-sign-qr" />
              </p>
            ) : null}
            <p className="muted" aria-live="polite">{t("monthly.sign.waiting")}</p>
          </>
        )}
        <p>
          <Link to={d.doneUrl}>{t("monthly.sign.back")}</Link>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
