import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { createEvent, eventProducerOptions } from "~/modules/sales/events.server";
import { EventSchema } from "~/modules/sales/schema";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { EventForm } from "./__event-form";

export const meta = pageTitle("sales.events.new");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop");
  const [producers, org] = await Promise.all([eventProducerOptions(access.orgId), prisma.organization.findUniqueOrThrow({ where: { id: access.orgId }, select: { districtCode: true } })]);
  return { orgId: access.orgId, producers, districtCode: org.districtCode };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:shop", { requireApproved: true });
  const values = formToObject(await readFormData(request), ["producerIds"]);
  const parsed = parseWithSchema(EventSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const result = await runAction(values, () => createEvent(access.orgId, access.user.id, parsed.data));
  if (!result.ok) return result.response;
  return redirectWithFlash(request, `/org/${access.orgId}/events`, "sales.flash.eventCreated");
}

export default function NewEvent() {
  const { orgId, producers, districtCode } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <section>
      <div className="page-head">
        <h2>{t("sales.events.new")}</h2>
        <Link to={`/org/${orgId}/events`}>{t("common.actions.back")}</Link>
      </div>
      <EventForm reply={reply} producers={producers} defaults={{ channel: "FAIR", districtCode }} submitLabel={t("common.actions.save")} />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
