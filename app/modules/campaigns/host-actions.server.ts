import { data } from "@remix-run/node";
import { z } from "zod";
import { checkUpload, DOCUMENT_TYPES, parseMultipart } from "~/modules/files/files.server";
import { formToObject, parseWithSchema } from "~/utils/forms";
import { redirectWithFlash, runAction } from "~/utils/responses.server";
import { refundSchema, releaseSchema } from "~/modules/donations/schema";
import { refundDonation } from "~/modules/donations/refunds.server";
import { releaseHeldDonation } from "~/modules/donations/freeze.server";
import { addCampaignDocument, hostTransition, postUpdate } from "./campaigns.server";
import { DOCUMENT_KINDS, updateSchema } from "./schema";
import { HOST_INTENTS, safeguardsHostAction } from "~/modules/safeguards/actions.server";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Refund form shared by the host's and the staff's pages. */
export async function refundFromForm(request: Request, values: Record<string, unknown>, actorId: string, back: string, orgId?: string) {
  const parsed = parseWithSchema(refundSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => refundDonation({ donationId: parsed.data.donationId, amountFen: parsed.data.amount, reason: parsed.data.reason, actorId, orgId, origin: new URL(request.url).origin }));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, back, res.value.status === "succeeded" ? "funding.flash.refunded" : "funding.flash.refundPending");
}

/** Staff releasing a held payment of a campaign or fund (staff pages only). */
export async function releaseFromForm(request: Request, values: Record<string, unknown>, staffId: string, back: string, target: { campaignId?: string; fundId?: string }) {
  const parsed = parseWithSchema(releaseSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => releaseHeldDonation({ donationId: parsed.data.donationId, staffId, reason: parsed.data.reason, ...target }));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, back, "freeze.flash.released");
}

/** The host's campaign management actions, by intent. */
export async function campaignHostAction(request: Request, orgId: string, campaignId: string, actorId: string) {
  const back = `/org/${orgId}/campaigns/${campaignId}`;
  const { formData, files } = await parseMultipart(request, MAX_UPLOAD_BYTES);
  const values = formToObject(formData);
  switch (values.intent) {
    case "upload": {
      const kind = z.enum(DOCUMENT_KINDS).safeParse(values.kind);
      const file = files.find((f) => f.fieldName === "file");
      if (!kind.success) return data({ values, fieldErrors: { kind: "validation.choice" } }, { status: 400 });
      if (!file) return data({ values, fieldErrors: { file: "validation.required" } }, { status: 400 });
      const err = checkUpload(file, DOCUMENT_TYPES);
      if (err) return data({ values, fieldErrors: { file: err } }, { status: 400 });
      const res = await runAction(values, () => addCampaignDocument(orgId, campaignId, actorId, file, kind.data));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "funding.flash.documentAdded");
    }
    case "SUBMIT":
    case "END":
    case "CLOSE": {
      const res = await runAction(values, () => hostTransition(orgId, campaignId, actorId, values.intent as "SUBMIT" | "END" | "CLOSE"));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, values.intent === "SUBMIT" ? "funding.flash.submitted" : values.intent === "END" ? "funding.flash.ended" : "funding.flash.closed");
    }
    case "update": {
      const parsed = parseWithSchema(updateSchema, values);
      if (!parsed.ok) return data(parsed.reply, { status: 400 });
      const res = await runAction(values, () => postUpdate(orgId, { campaignId }, actorId, parsed.data.body));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "funding.flash.updatePosted");
    }
    case "refund":
      return refundFromForm(request, values, actorId, back, orgId);
    default:
      if ((HOST_INTENTS as readonly unknown[]).includes(values.intent)) return safeguardsHostAction(request, values, orgId, campaignId, actorId);
      return data({ values, formError: "validation.choice" }, { status: 400 });
  }
}
