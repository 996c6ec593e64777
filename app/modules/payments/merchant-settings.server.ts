/**
 * The merchant settings form, shared by the organization's page (org:finance) and the staff page
 * for the platform's own account (bureau admin): the routes guard, this parses and saves. A
 * refused form answers 400 with what was typed — except the secrets, which are never sent back.
 */
import { data } from "@remix-run/node";
import { formToObject, parseWithSchema } from "~/utils/forms";
import { readFormData, redirectWithFlash, runAction } from "~/utils/responses.server";
import { listMerchantAccounts, saveMerchantAccount, setMerchantAccountEnabled, type MerchantCredentials, type MerchantOwner } from "./merchant-accounts.server";
import { AlipayCredentialsSchema, MerchantToggleSchema, WechatPayCredentialsSchema, withoutSecrets } from "./merchant-schema.server";
import { merchantKeyConfigured } from "./merchant-secrets.server";
import { recurringNotifyUrlFor } from "./merchant-recurring.server";
import type { MerchantProvider } from "./merchant-types";

export async function merchantSettings(owner: MerchantOwner, origin?: string) {
  const accounts = (await listMerchantAccounts(owner)).map((a) => ({ ...a, recurringNotifyUrl: recurringUrl(a.provider, a.id, origin) }));
  return { accounts, keyConfigured: merchantKeyConfigured() };
}

function recurringUrl(provider: MerchantProvider, accountId: string, origin?: string) {
  try {
    return recurringNotifyUrlFor(provider, accountId, origin);
  } catch {
    return null;
  }
}

export async function merchantSettingsAction(request: Request, owner: MerchantOwner, actorId: string, back: string) {
  const values = formToObject(await readFormData(request));
  const kept = { ...withoutSecrets(values) };
  if (values.intent === "disable" || values.intent === "enable") {
    const parsed = parseWithSchema(MerchantToggleSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const res = await runAction(kept, () => setMerchantAccountEnabled(owner, actorId, parsed.data.accountId, parsed.data.intent === "enable"));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, back, parsed.data.intent === "enable" ? "merchants.flash.enabled" : "merchants.flash.disabled");
  }
  if (values.intent !== "save-wechat" && values.intent !== "save-alipay") return data({ values: kept, formError: "merchants.errors.unknownIntent" }, { status: 400 });
  let credentials: MerchantCredentials;
  if (values.intent === "save-wechat") {
    const parsed = parseWithSchema(WechatPayCredentialsSchema, values);
    if (!parsed.ok) return data({ ...parsed.reply, values: kept }, { status: 400 });
    credentials = { provider: "WECHAT_PAY", input: parsed.data };
  } else {
    const parsed = parseWithSchema(AlipayCredentialsSchema, values);
    if (!parsed.ok) return data({ ...parsed.reply, values: kept }, { status: 400 });
    credentials = { provider: "ALIPAY", input: parsed.data };
  }
  const res = await runAction(kept, () => saveMerchantAccount(owner, actorId, credentials));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, back, "merchants.flash.saved", { hint: res.value.secretHint });
}
