import { Link, useFetcher, useNavigate } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { formatFen } from "~/utils/format";
import { useT } from "~/modules/i18n/use-t";

/** How often the page asks whether the payment has been recorded. */
const POLL_MS = 3000;

export type WechatQrData = { state: "paid" | "pending" | "closed"; thanksUrl: string; title: string; amountFen: string; backUrl: string; qrImage: string | null; inWechat: boolean };

/** The i18n keys that differ between payables (a donation's project, a shop checkout's orders). */
export type WechatQrLabels = { for: string; paid: string; closed: string; unavailable: string; back: string };

export const DONATION_WECHAT_LABELS: WechatQrLabels = { for: "payway.wechat.for", paid: "payway.wechat.paid", closed: "payway.wechat.closed", unavailable: "payway.wechat.unavailable", back: "payway.wechat.back" };

/**
 * WeChat Pay Native: the order's QR code (an image, so that inside WeChat a long press recognises
 * it), polling `pollUrl` every few seconds; once paid, on to the thanks / order page.
 */
export function WechatQrCheckout({ data: d, pollUrl, labels }: { data: WechatQrData; pollUrl: string; labels: WechatQrLabels }) {
  const t = useT();
  const fetcher = useFetcher<{ state: WechatQrData["state"]; thanksUrl: string }>();
  const navigate = useNavigate();
  const state = fetcher.data?.state ?? d.state;
  const latest = useRef(fetcher);
  latest.current = fetcher;

  useEffect(() => {
    if (state !== "pending") return;
    const timer = setInterval(() => {
      if (latest.current.state === "idle") latest.current.load(pollUrl);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [state, pollUrl]);

  useEffect(() => {
    if (fetcher.data?.state === "paid") navigate(fetcher.data.thanksUrl, { replace: true });
  }, [fetcher.data, navigate]);

  return (
    <div className="form-narrow">
      <h1>{t("payway.wechat.title")}</h1>
      <section className="card" data-testid="wechat-checkout">
        <dl className="dl">
          <dt>{t(labels.for)}</dt>
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
            <p className="form-error">{t(labels.unavailable)}</p>
          )
        ) : state === "paid" ? (
          <p className="flash flash-success">{t(labels.paid)}</p>
        ) : (
          <p className="form-error">{t(labels.closed)}</p>
        )}
        <p className="button-row">
          {state !== "closed" ? (
            <Link className="button button-secondary" to={d.thanksUrl}>
              {t("payway.wechat.done")}
            </Link>
          ) : null}
          <Link to={d.backUrl}>{t(labels.back)}</Link>
        </p>
      </section>
    </div>
  );
}
