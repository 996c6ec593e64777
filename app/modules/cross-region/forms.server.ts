/**
 * The actions of the cooperation pages, shared by the routes: parse with Zod (400 with the typed
 * values on a bad form), call the service (an AppError becomes its 4xx with the values kept),
 * redirect with a flash. The routes have checked who may act.
 */
import { data } from "@remix-run/node";
import { prisma } from "~/utils/db.server";
import { formToObject, parseWithSchema } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { checkUpload, DOCUMENT_TYPES, parseMultipart } from "~/modules/files/files.server";
import { saveUpload } from "~/modules/files/uploads.server";
import { createAgreement, setAgreementDocument, updateAgreement } from "./agreements.server";
import { createPairing, decidePairing, recordPairingGoods, recordPairingMoney, requestPairing } from "./pairings.server";
import { agreementSchema, decisionSchema, pairingGoodsSchema, pairingMoneySchema, pairingRequestSchema, pairingSchema } from "./schema";

export const AGREEMENT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

export async function newAgreementAction(request: Request, actorId: string) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(agreementSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => createAgreement(actorId, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/staff/cooperation/${res.value.id}`, "crossRegion.flash.agreementSaved");
}

/** The agreement's page: `intent=update` edits it; a multipart post with `document` attaches the signed text. */
export async function agreementPageAction(request: Request, actorId: string, agreementId: string) {
  const { formData, files } = await parseMultipart(request, AGREEMENT_DOCUMENT_MAX_BYTES);
  const values = formToObject(formData);
  if (values.intent === "document") {
    const doc = files.find((f) => f.fieldName === "document");
    const err = doc ? checkUpload(doc, DOCUMENT_TYPES) : "crossRegion.errors.document";
    if (!doc || err) return data({ values, fieldErrors: { document: err ?? "crossRegion.errors.document" } }, { status: 400 });
    const res = await runAction(values, () =>
      prisma.$transaction(async (tx) => {
        const found = await tx.cooperationAgreement.findUnique({ where: { id: agreementId }, select: { id: true } });
        if (!found) return null;
        const file = await saveUpload(tx, { orgId: null, uploadedById: actorId, purpose: "cooperation-agreement", visibility: "PRIVATE", file: doc });
        await setAgreementDocument(actorId, agreementId, file.id, tx);
        return file;
      }),
    );
    if (!res.ok) return res.response;
    if (!res.value) throw new Response(null, { status: 404 });
    return redirectWithFlash(request, `/staff/cooperation/${agreementId}`, "crossRegion.flash.documentSaved");
  }
  const parsed = parseWithSchema(agreementSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => updateAgreement(actorId, agreementId, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/staff/cooperation/${agreementId}`, "crossRegion.flash.agreementSaved");
}

export async function newPairingAction(request: Request, actorId: string) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(pairingSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => createPairing(actorId, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/staff/cooperation/pairings/${res.value.id}`, "crossRegion.flash.pairingCreated");
}

/** A pairing's page: `intent=decide` (approve, reject, end), `intent=money`, `intent=goods`. */
export async function pairingPageAction(request: Request, actorId: string, pairingId: string) {
  const values = formToObject(await readFormData(request));
  const back = `/staff/cooperation/pairings/${pairingId}`;
  if (values.intent === "decide") {
    const parsed = parseWithSchema(decisionSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const res = await runAction(values, () => decidePairing(actorId, pairingId, parsed.data.decision));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, back, "crossRegion.flash.pairingDecided");
  }
  if (values.intent === "money") {
    const parsed = parseWithSchema(pairingMoneySchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const res = await runAction(values, () => recordPairingMoney(actorId, pairingId, parsed.data));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, back, "crossRegion.flash.moneyRecorded");
  }
  if (values.intent === "goods") {
    const parsed = parseWithSchema(pairingGoodsSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const res = await runAction(values, () => recordPairingGoods(actorId, pairingId, parsed.data));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, back, "crossRegion.flash.goodsRecorded");
  }
  return data({ values, formError: "validation.choice" }, { status: 400 });
}

/** The supporting organization's own request (the route checked org:edit). */
export async function requestPairingAction(request: Request, actorId: string, orgId: string) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(pairingRequestSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => requestPairing(actorId, orgId, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, `/org/${orgId}/cooperation`, "crossRegion.flash.pairingRequested");
}
