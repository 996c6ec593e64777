import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { roleHas } from "~/modules/organizations/permissions.server";
import { producerOrder, shipOrder } from "~/modules/shop/orders.server";
import { cancelOrder } from "~/modules/shop/refunds.server";
import { cancelSchema, shipSchema } from "~/modules/shop/schema";
import { AppError } from "~/utils/errors";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { FormError, TextField } from "~/components/form";
import { ShopOrderCard } from "~/components/shop-order";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/submit-button";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("shop.orders.title", (d: { order?: { number?: string } } | undefined) => d?.order?.number);

/**
 * One order of this producer. Delivery details in full only for the producer side handling it (its
 * account, its supporting organization's shop members); staff reading see them masked.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "view");
  // In full only for the side handling the order: the producer's account or the organization's shop members.
  const masked = !(access.via === "account" || (access.via === "org" && roleHas(access.orgRole, "org:shop")));
  try {
    const order = await producerOrder(access.producer.id, params.orderId ?? "", { masked });
    return { order, masked, canAct: !masked, producerId: access.producer.id };
  } catch (e) {
    if (e instanceof AppError) invariantResponse(false, 404);
    throw e;
  }
}

const actionSchema = z.discriminatedUnion("intent", [shipSchema, cancelSchema], { error: "validation.invalid" });

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerAccess(request, params.producerId, "manage");
  const orderId = params.orderId ?? "";
  try {
    await producerOrder(access.producer.id, orderId, { masked: true });
  } catch (e) {
    if (e instanceof AppError) invariantResponse(false, 404);
    throw e;
  }
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(actionSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const d = parsed.data;
  const res = await runAction(values, async () => {
    if (d.intent === "ship") return shipOrder({ producerId: access.producer.id, orderId, carrier: d.carrier, trackingNumber: d.trackingNumber, actorId: access.user.id });
    await cancelOrder({ orderId, reason: d.reason, actorId: access.user.id, by: "producer" });
  });
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/producer/${access.producer.id}/orders/${orderId}`, d.intent === "ship" ? "shop.orders.flash.shipped" : "shop.orders.flash.cancelled");
}

export default function ProducerOrder() {
  const { order, masked, canAct, producerId } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div>
      <p>
        <Link to={`/producer/${producerId}/orders`}>← {t("shop.orders.title")}</Link>
      </p>
      <ShopOrderCard order={order} masked={masked}>
        {canAct && order.status === "PAID" ? (
          <>
            <FormError reply={reply} />
            <Form method="post" className="form-card" aria-label={t("shop.orders.shipTitle")}>
              <h3>{t("shop.orders.shipTitle")}</h3>
              <input type="hidden" name="intent" value="ship" />
              <TextField name="carrier" label={t("shop.orders.carrier")} reply={reply} required maxLength={40} />
              <TextField name="trackingNumber" label={t("shop.orders.trackingNumber")} reply={reply} required maxLength={40} />
              <SubmitButton className="button">{t("shop.orders.ship")}</SubmitButton>
            </Form>
            <details>
              <summary>{t("shop.orders.cancel")}</summary>
              <Form method="post" className="form-card">
                <p className="muted">{t("shop.orders.cancelHint")}</p>
                <input type="hidden" name="intent" value="cancel" />
                <TextField name="reason" label={t("shop.orders.cancelReason")} reply={reply} required maxLength={200} />
                <SubmitButton className="button button-danger">{t("shop.orders.cancel")}</SubmitButton>
              </Form>
            </details>
          </>
        ) : null}
      </ShopOrderCard>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
