import { data } from "@remix-run/node";
import { formToObject, parseWithSchema } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { buyingUnitSchema, pledgeSchema, type PledgeInput } from "./schema";
import { createBuyingUnit, updateBuyingUnit } from "./units.server";
import { createPledge } from "./pledges.server";

/**
 * The actions of a buying unit's page, shared by the organization's page and the staff's: the
 * caller has checked that the actor manages the unit. `intent=update` edits the unit,
 * `intent=pledge` adds a pledge. A refused form answers 400 (or the service's status) with the
 * typed values kept.
 */
export async function unitPageAction(request: Request, opts: { unitId: string; actorId: string; scope: { orgId: string } | { staff: true }; back: string }) {
  const values = formToObject(await readFormData(request));
  if (values.intent === "update") {
    const parsed = parseWithSchema(buyingUnitSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const res = await runAction(values, () => updateBuyingUnit(opts.scope, opts.unitId, opts.actorId, parsed.data));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, opts.back, "pledges.flash.unitUpdated");
  }
  if (values.intent === "pledge") {
    const parsed = parseWithSchema(pledgeSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const res = await runAction(values, () => createPledge(opts.unitId, opts.actorId, parsed.data as PledgeInput));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, `/pledges/${res.value.id}`, "pledges.flash.pledgeCreated");
  }
  return data({ values, formError: "validation.choice" }, { status: 400 });
}

/** Registers a unit (orgId null: by staff) and goes to its page. */
export async function newUnitAction(request: Request, opts: { orgId: string | null; actorId: string; pageOf: (unitId: string) => string }) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(buyingUnitSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => createBuyingUnit(opts.orgId, opts.actorId, parsed.data));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, opts.pageOf(res.value.id), "pledges.flash.unitCreated");
}
