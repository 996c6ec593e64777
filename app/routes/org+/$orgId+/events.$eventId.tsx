import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { deleteEvent, eventProducerOptions, getOrgEvent, updateEvent } from "~/modules/sales/events.server";
import { EventSchema } from "~/modules/sales/schema";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { invariantResponse, readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/form";
import { SubmitButton } from "~/components/submit-button";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { EventForm } from "./__event-form";

export const meta = pageTitle("sales.events.editTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const event = await getOrgEvent(access.orgId, params.eventId ?? "");
  invariantResponse(event, 404);
  const own = await eventProducerOptions(access.orgId);
  // Producers listed earlier stay choosable (also one since suspended, or another org's household without a code).
  const extraIds = [...event.producerIds, ...event.otherProducerIds].filter((id) => !own.some((p) => p.id === id));
  const extra = extraIds.length ? await prisma.producer.findMany({ where: { id: { in: extraIds } }, select: { id: true, name: true } }) : [];
  return { orgId: access.orgId, event, producers: [...own, ...extra] };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop", { requireApproved: true });
  const eventId = params.eventId ?? "";
  const values = formToObject(await readFormData(request), ["producerIds"]);
  if (values.intent === "delete") {
    const result = await runAction(values, () => deleteEvent(access.orgId, eventId, access.user.id));
    if (!result.ok) return result.response;
    return redirectWithFlash(request, `/org/${access.orgId}/events`, "sales.flash.eventDeleted");
  }
  const parsed = parseWithSchema(EventSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const result = await runAction(values, () => updateEvent(access.orgId, eventId, access.user.id, parsed.data));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}/events`, "sales.flash.eventUpdated");
}

export default function EditEvent() {
  const { orgId, event, producers } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const deleting = reply?.values?.intent === "delete";
  return (
    <section>
      <div className="page-head">
        <h2>{t("sales.events.editTitle")}</h2>
        <div className="button-row">
          <Link to={`/events/${event.id}`}>{t("common.actions.view")}</Link>
          <Link to={`/org/${orgId}/events`}>{t("common.actions.back")}</Link>
        </div>
      </div>
      <EventForm reply={deleting ? undefined : reply} producers={producers} defaults={{ ...event, producerIds: [...event.producerIds, ...event.otherProducerIds] }} submitLabel={t("common.actions.save")} />
      <details className="card">
        <summary>{t("sales.events.delete")}</summary>
        <Form method="post">
          {deleting ? <FormError reply={reply} /> : null}
          {event.salesCount ? <p>{t("sales.errors.eventHasSales")}</p> : null}
          <input type="hidden" name="intent" value="delete" />
          <SubmitButton className="button-danger" disabled={event.salesCount > 0}>
            {t("common.actions.delete")}
          </SubmitButton>
        </Form>
      </details>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
