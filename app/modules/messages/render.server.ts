import { hasKey, makeT, type Locale } from "~/modules/i18n/i18n";
import { isLocale } from "~/modules/i18n/i18n.server";
import { groupOf, isOptionalGroup, type MessageGroup } from "./groups";

/**
 * An outbox row rendered in the recipient's language: subject, plain text and minimal HTML, with
 * links made absolute against APP_URL. Three kinds of template are queued today:
 * - notification kinds (`volunteering.reminder`): the in-app text `<ns>.notifications.<rest>`;
 * - whole-sentence mail keys (`security.accounts.mail.verifyEmail`, `receipts.mail.issued`).
 */
export type RenderedMail = { subject: string; text: string; html: string; group: MessageGroup };
export type RenderInput = {
  template: string;
  payload: unknown;
  locale: string | null | undefined;
  name?: string | null;
  appUrl: string;
  /** Absolute one-click unsubscribe URL; none for security mail and for addresses without an account. */
  unsubscribeUrl?: string | null;
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function absolute(link: string | null | undefined, appUrl: string) {
  if (!link) return null;
  if (/^https?:\/\//i.test(link)) return link;
  return `${appUrl.replace(/\/+$/, "")}${link.startsWith("/") ? "" : "/"}${link}`;
}

export function payloadOf(payload: unknown): { params: Record<string, string | number>; link: string | null } {
  const p = (payload && typeof payload === "object" ? payload : {}) as Record<string, unknown>;
  const params: Record<string, string | number> = {};
  const raw = p.params && typeof p.params === "object" ? (p.params as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string" || typeof v === "number") params[k] = v;
  return { params, link: typeof p.link === "string" ? p.link : null };
}

function bodyKey(template: string, locale: Locale) {
  if (template.includes(".mail.") && hasKey(locale, template)) return template;
  const [ns, ...rest] = template.split(".");
  const key = `${ns}.notifications.${rest.join(".")}`;
  return hasKey(locale, key) || hasKey("zh-CN", key) ? key : null;
}

export function renderMail(input: RenderInput): RenderedMail {
  const locale: Locale = isLocale(input.locale) ? input.locale : "zh-CN";
  const t = makeT(locale);
  const group = groupOf(input.template);
  const { params, link: rawLink } = payloadOf(input.payload);
  const link = absolute(rawLink, input.appUrl);
  const key = bodyKey(input.template, locale);
  const sentence = key ? t(key, { ...params, link: link ?? "" }) : t("messages.email.genericBody");
  // Mail keys that carry the link in the sentence (verification, reset) need no separate button.
  const linkInSentence = !!link && sentence.includes(link);

  const special = input.template.split(".").pop()!;
  const subject = group === "security" && hasKey(locale, `messages.subject.${special}`) ? t(`messages.subject.${special}`) : t(`messages.subject.${group}`);
  const greeting = input.name ? t("messages.email.greeting", { name: input.name }) : t("messages.email.greetingNoName");
  const prefsUrl = absolute("/me/notifications", input.appUrl)!;
  const footer = isOptionalGroup(group)
    ? [t("messages.email.why", { group: t(`messages.groups.${group}`) }), input.unsubscribeUrl ? `${t("messages.email.unsubscribe")}: ${input.unsubscribeUrl}` : null, `${t("messages.email.preferences")}: ${prefsUrl}`]
    : [t("messages.email.securityNote")];

  const text = [greeting, "", sentence, link && !linkInSentence ? `\n${t("messages.email.open")}: ${link}` : null, "", "—", t("messages.email.signature"), ...footer]
    .filter((l) => l !== null)
    .join("\n");

  const linkHtml = (href: string, label: string) => `<a href="${esc(href)}">${esc(label)}</a>`;
  const sentenceHtml = linkInSentence ? esc(sentence).replace(esc(link!), linkHtml(link!, link!)) : esc(sentence);
  const footerHtml = isOptionalGroup(group)
    ? `${esc(t("messages.email.why", { group: t(`messages.groups.${group}`) }))}<br>${input.unsubscribeUrl ? `${linkHtml(input.unsubscribeUrl, t("messages.email.unsubscribe"))} · ` : ""}${linkHtml(prefsUrl, t("messages.email.preferences"))}`
    : esc(t("messages.email.securityNote"));
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;line-height:1.6;max-width:36em">
<p>${esc(greeting)}</p>
<p>${sentenceHtml}</p>
${link && !linkInSentence ? `<p>${linkHtml(link, t("messages.email.open"))}</p>` : ""}
<hr><p style="font-size:small;color:#666">${esc(t("messages.email.signature"))}<br>${footerHtml}</p>
</body></html>`;
  return { subject, text, html, group };
}

/** SMS template parameters: the notification's params as strings (the provider holds the wording). */
export function smsParams(payload: unknown): Record<string, string> {
  const { params } = payloadOf(payload);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v).slice(0, 35)]));
}
