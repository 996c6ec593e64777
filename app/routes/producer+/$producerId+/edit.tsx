import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireProducerAccess } from "~/modules/producers/access.server";
import { getProducerProfile, updateProducer } from "~/modules/producers/producers.server";
import { parseProducerForm } from "~/modules/producers/form";
import { formToObject, type FormReply } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ProducerForm } from "~/components/producer-form";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("producers.form.editTitle");

/** Editing is the supporting organization's (it answers for the registration); 403 for everyone else. */
async function requireEditor(request: Request, producerId: string | undefined) {
  const access = await requireProducerAccess(request, producerId, "manage");
  invariantResponse(access.via === "org", 403, "producers.errors.notYours");
  return access;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireEditor(request, params.producerId);
  const p = await getProducerProfile(access.producer.id);
  invariantResponse(p, 404);
  invariantResponse(p.status !== "REJECTED", 409, "producers.errors.closed");
  const { name, kind, districtCode, town, village, creditCode, contactName, contactPhone, description, originStatement, householdCount, status } = p;
  return {
    defaults: {
      name,
      kind,
      districtCode,
      town,
      village,
      creditCode,
      contactName,
      contactPhone,
      description,
      originStatement,
      householdCount,
    },
    status,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireEditor(request, params.producerId);
  const values = formToObject(await readFormData(request));
  const parsed = parseProducerForm(values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const resubmit = values.resubmit === "1";
  const res = await runAction(values, () =>
    updateProducer(access.producer.id, access.user.id, parsed.data, {
      resubmit,
    })
  );
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/producer/${access.producer.id}`, res.value.resubmitted ? "producers.flash.resubmitted" : "producers.flash.updated");
}

export default function EditProducer() {
  const { defaults, status } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const identityLocked = !(status === "SUBMITTED" || status === "RETURNED");
  return (
    <div>
      <h2>{t("producers.form.editTitle")}</h2>
      <ProducerForm
        reply={reply}
        defaults={defaults}
        identityLocked={identityLocked}
        submitLabel={t("producers.form.save")}
        extraSubmit={
          status === "RETURNED"
            ? {
                name: "resubmit",
                value: "1",
                label: t("producers.form.resubmit"),
              }
            : undefined
        }
      />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
