import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useNavigate, useParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { wechatCheckoutPage, wechatCheckoutStatus } from "~/modules/donations/payway.server";
import { deviceKind } from "~/modules/payments/device.server";
import { qrPng } from "~/modules/share/qr.server";
import { publicOrigin } from "~/modules/share/urls.server";
import { invariantResponse } from "~/utils/responses.server";
import { AppError } from "~/utils/errors";
import { formatFen } from "~/utils/format";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("payway.wechat.title");

/** How often the page asks whether the payment has been recorded. */
const POLL_MS = 3000;

/**
 * WeChat Pay Native: the order's QR code for a donation, by its unguessable access token. `?poll=1`
 * answers where the payment stands (the page asks every few seconds; the service asks WeChat Pay
 * itself, at most every ~10 s, when the notification is late). Paid: on to the thanks page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const origin = publicOrigin(request);
  try {
    if (new URL(request.url).searchParams.get("poll") === "1") {
      const s = await wechatCheckoutStatus(token, origin);
      return { poll: true as const, state: s.state, thanksUrl: s.thanksUrl, title: "", amountFen: "0", backUrl: "", qrImage: null, inWechat: false };
    }
    const page = await wechatCheckoutPage(token, origin);
    if (page.state === "paid") throw redirect(page.thanksUrl);
    return {
      poll: false as const,
      state: page.state,
      thanksUrl: page.thanksUrl,
      title: page.title,
      amountFen: page.amountFen,
      backUrl: page.backUrl,
      // An image, so that inside WeChat a long press recognises the code.
      qrImage: page.qrCodeUrl ? `data:image/png;base64,${qrPng(page.qrCodeUrl, 6).toString("base64")}` : null,
      inWechat: deviceKind(request.headers.get("User-Agent")) === "wechat",
    };
  } catch (e) {
    if (e instanceof AppError) invariantResponse(false, 404);
    throw e;
  }
}

export default function WechatCheckout() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const token = encodeURIComponent(useParams().token ?? "");
  const fetcher = useFetcher<typeof loader>();
  const navigate = useNavigate();
  const state = fetcher.data?.state ?? d.state;
  const latest = useRef(fetcher);
  latest.current = fetcher;

  useEffect(() => {
    if (state !== "pending") return;
    const timer = setInterval(() => {
      if (latest.current.state === "idle") latest.current.load(`/checkout/wechat/${token}?poll=1`);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [state, token]);

  useEffect(() => {
    if (fetcher.data?.state === "paid") navigate(fetcher.data.thanksUrl, { replace: true });
  }, [fetcher.data, navigate]);

  return (
    <div className="form-narrow">
      <h1>{t("payway.wechat.title")}</h1>
      <section className="card" data-testid="wechat-checkout">
        <dl className="dl">
          <dt>{t("payway.wechat.for")}</dt>
          <dd>{d.title}</dd>
          <dt>{t("payway.wechat.amount")}</dt>
          <dd data-testid="wechat-amount">{formatFen(d.amountFen)}</dd>
        </dl>
        {state === "pending" ? (
          d.qrImage ? (
            <>
              <p>{d.inWechat ? t("payway.wechat.longPress") : t("payway.wechat.scan")}</p>
              <p className="qr-box">
                <img src={d.qrImage} alt={t("payway.wechat.qrAlt")} width={240} height={240} style={{ maxWidth: "100%", height: "auto" }} data-testid="wechat-qr" />
              </p>
              <p className="muted small" role="status">
                {t("payway.wechat.waiting")}
              </p>
            </>
          ) : (
            <p className="form-error">{t("payway.wechat.unavailable")}</p>
          )
        ) : state === "paid" ? (
          <p className="flash flash-success">{t("payway.wechat.paid")}</p>
        ) : (
          <p className="form-error">{t("payway.wechat.closed")}</p>
        )}
        <p className="button-row">
          {state !== "closed" ? (
            <Link className="button button-secondary" to={d.thanksUrl}>
              {t("payway.wechat.done")}
            </Link>
          ) : null}
          <Link to={d.backUrl}>{t("payway.wechat.back")}</Link>
        </p>
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
