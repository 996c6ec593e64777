/** Form handlers of the safeguards, called from the staff and org campaign pages' actions. */
import { data } from "@remix-run/node";
import { parseWithSchema } from "~/utils/forms";
import { redirectWithFlash, runAction } from "~/utils/responses.server";
import { setCampaignCap, setOverflowFund } from "./cap.server";
import { planTranche, removeTranche } from "./tranches.server";
import { capSchema, overflowSchema, trancheIdSchema, trancheSchema } from "./schema";

export const HOST_INTENTS = ["overflow", "tranche", "tranche-remove"] as const;

/** Staff: set or clear the cap (intent "cap"). */
export async function capFromForm(request: Request, values: Record<string, unknown>, staffId: string, campaignId: string, back: string) {
  const parsed = parseWithSchema(capSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => setCampaignCap(campaignId, staffId, parsed.data.capFen, parsed.data.reason));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, back, parsed.data.capFen === null ? "safeguards.flash.capCleared" : "safeguards.flash.capSet");
}

/** The host (org:finance): overflow fund and tranches, by intent. */
export async function safeguardsHostAction(request: Request, values: Record<string, unknown>, orgId: string, campaignId: string, actorId: string) {
  const back = `/org/${orgId}/campaigns/${campaignId}`;
  switch (values.intent) {
    case "overflow": {
      const parsed = parseWithSchema(overflowSchema, values);
      if (!parsed.ok) return data(parsed.reply, { status: 400 });
      const res = await runAction(values, () => setOverflowFund(orgId, campaignId, actorId, parsed.data.overflowFundId));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "safeguards.flash.overflowSaved");
    }
    case "tranche": {
      const parsed = parseWithSchema(trancheSchema, values);
      if (!parsed.ok) return data(parsed.reply, { status: 400 });
      const res = await runAction(values, () => planTranche(orgId, campaignId, actorId, parsed.data));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "safeguards.flash.tranchePlanned");
    }
    default: {
      const parsed = parseWithSchema(trancheIdSchema, values);
      if (!parsed.ok) return data(parsed.reply, { status: 400 });
      const res = await runAction(values, () => removeTranche(orgId, campaignId, parsed.data.trancheId, actorId));
      if (!res.ok) return res.response;
      return redirectWithFlash(request, back, "safeguards.flash.trancheRemoved");
    }
  }
}
