import { Form } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDateTime, formatFen } from "~/utils/format";
import type { FormReply } from "~/utils/forms";
import { FormError, TextField } from "./form";
import { SubmitButton } from "./submit-button";

/** What an order page shows (app/modules/shop/orders.server.ts `orderJson`, serialised). */
export type ShopOrderView = {
  id: string;
  number: string;
  status: string;
  totalFen: string;
  refundedFen: string;
  refundableFen: string;
  recipientName: string;
  recipientPhone: string;
  address: string;
  carrier: string | null;
  trackingNumber: string | null;
  createdAt: string;
  shippedAt: string | null;
  receivedAt: string | null;
  autoReceived: boolean;
  cancelReason: string | null;
  anonymised: boolean;
  producer: { id: string; name: string };
  checkoutPending: boolean;
  payUrl: string | null;
  hasOpenRefund: boolean;
  lines: { id: string; productName: string; unit: string; certified: boolean; quantity: number; unitPriceFen: string; totalFen: string }[];
  refunds: { id: string; amountFen: string; reason: string; status: string; restockQuantity: number; decisionReason: string | null; createdAt: string }[];
};

/** One order: status, items, delivery details (already masked by the loader when needed), refunds. */
export function ShopOrderCard({ order, masked, children }: { order: ShopOrderView; masked?: boolean; children?: React.ReactNode }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" data-testid="shop-order" data-order={order.number}>
      <div className="page-head">
        <h2>
          {t("shop.orders.number")} {order.number}
        </h2>
        <span className={`status status-${order.status}`}>{t(`shop.orders.statuses.${order.status}`)}</span>
      </div>
      <dl className="dl">
        <dt>{t("shop.orders.producer")}</dt>
        <dd>{order.producer.name}</dd>
        <dt>{t("shop.orders.date")}</dt>
        <dd>{formatDateTime(order.createdAt, locale)}</dd>
        <dt>{t("shop.orders.total")}</dt>
        <dd>{formatFen(order.totalFen)}</dd>
        {order.refundedFen !== "0" ? (
          <>
            <dt>{t("shop.orders.refunded")}</dt>
            <dd>{formatFen(order.refundedFen)}</dd>
          </>
        ) : null}
        {order.carrier ? (
          <>
            <dt>{t("shop.orders.carrier")}</dt>
            <dd>
              {order.carrier} · {order.trackingNumber}
            </dd>
            <dt>{t("shop.orders.shippedAt")}</dt>
            <dd>{formatDateTime(order.shippedAt, locale)}</dd>
          </>
        ) : null}
        {order.receivedAt ? (
          <>
            <dt>{t("shop.orders.receivedAt")}</dt>
            <dd>
              {formatDateTime(order.receivedAt, locale)} {order.autoReceived ? t("shop.orders.autoReceived") : null}
            </dd>
          </>
        ) : null}
        {order.cancelReason ? (
          <>
            <dt>{t("shop.orders.cancelReason")}</dt>
            <dd>{order.cancelReason}</dd>
          </>
        ) : null}
      </dl>
      <h3>{t("shop.orders.lines")}</h3>
      <ul>
        {order.lines.map((l) => (
          <li key={l.id}>
            {l.productName} × {l.quantity}
            {l.unit} — {formatFen(l.unitPriceFen)} → {formatFen(l.totalFen)}
            {l.certified ? <span className="tag"> {t("shop.cart.certified")}</span> : null}
          </li>
        ))}
      </ul>
      <h3>{t("shop.orders.delivery")}</h3>
      {order.anonymised ? (
        <p className="muted">{t("shop.orders.anonymised")}</p>
      ) : (
        <dl className="dl" data-testid="delivery">
          <dt>{t("shop.orders.recipient")}</dt>
          <dd>{order.recipientName}</dd>
          <dt>{t("shop.orders.phone")}</dt>
          <dd>{order.recipientPhone}</dd>
          <dt>{t("shop.orders.address")}</dt>
          <dd>{order.address}</dd>
        </dl>
      )}
      {masked ? <p className="muted">{t("shop.orders.masked")}</p> : null}
      {order.refunds.length ? (
        <>
          <h3>{t("shop.orders.refund.list")}</h3>
          <ul>
            {order.refunds.map((r) => (
              <li key={r.id}>
                {formatFen(r.amountFen)} · {r.reason} · {t(`shop.refunds.statuses.${r.status}`)}
                {r.decisionReason ? ` · ${r.decisionReason}` : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {children}
    </section>
  );
}

/** "12345" fen → "123.45" (no floating point). */
const yuan = (fen: string) => {
  const f = BigInt(fen);
  return `${f / 100n}.${(f % 100n).toString().padStart(2, "0")}`;
};

/** The buyer's actions on an order (guest page and "my orders"): pay, confirm receipt, cancel, ask for a refund. */
export function BuyerOrderActions({ order, reply }: { order: ShopOrderView; reply?: FormReply | null }) {
  const t = useT();
  const mine = reply?.values?.orderId === order.id ? reply : undefined;
  const canRefund = ["PAID", "SHIPPED", "RECEIVED"].includes(order.status) && !order.hasOpenRefund && order.refundableFen !== "0";
  return (
    <div>
      <FormError reply={mine} />
      <div className="button-row">
        {order.payUrl ? (
          <a className="button" href={order.payUrl}>
            {t("shop.orders.pay")}
          </a>
        ) : null}
        {order.status === "SHIPPED" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="receive" />
            <input type="hidden" name="orderId" value={order.id} />
            <SubmitButton className="button">{t("shop.orders.confirmReceipt")}</SubmitButton>
          </Form>
        ) : null}
      </div>
      {order.status === "PAID" || order.status === "PENDING" ? (
        <details>
          <summary>{t("shop.orders.cancel")}</summary>
          <Form method="post" className="form-card">
            <p className="muted">{t("shop.orders.cancelHint")}</p>
            <input type="hidden" name="intent" value="cancel" />
            <input type="hidden" name="orderId" value={order.id} />
            <TextField name="reason" label={t("shop.orders.cancelReason")} reply={mine} required maxLength={200} />
            <SubmitButton className="button button-danger">{t("shop.orders.cancel")}</SubmitButton>
          </Form>
        </details>
      ) : null}
      {canRefund ? (
        <details open={Boolean(mine?.values?.intent === "refund")}>
          <summary>{t("shop.orders.refund.title")}</summary>
          <Form method="post" className="form-card">
            <input type="hidden" name="intent" value="refund" />
            <input type="hidden" name="orderId" value={order.id} />
            <TextField name="amount" label={t("shop.orders.refund.amount")} hint={t("shop.orders.refund.amountHint", { amount: formatFen(order.refundableFen) })} reply={mine} required defaultValue={yuan(order.refundableFen)} />
            <TextField name="reason" label={t("shop.orders.refund.reason")} reply={mine} required maxLength={300} />
            <TextField name="restockQuantity" type="number" min={0} label={t("shop.orders.refund.restockQuantity")} reply={mine} defaultValue="0" />
            <SubmitButton className="button">{t("shop.orders.refund.submit")}</SubmitButton>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
