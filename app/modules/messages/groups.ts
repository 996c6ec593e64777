/**
 * Which group a message template belongs to (what a person can turn off), and which kinds are worth
 * a text message. Pure: shared by the preferences page and the delivery worker.
 */
export const MESSAGE_GROUPS = ["volunteering", "donations", "organization", "security"] as const;
export type MessageGroup = (typeof MESSAGE_GROUPS)[number];
/** Groups a person may turn off; account-security mail (verification, password reset) always goes out. */
export const OPTIONAL_GROUPS = ["volunteering", "donations", "organization"] as const satisfies readonly MessageGroup[];
export type OptionalGroup = (typeof OPTIONAL_GROUPS)[number];
export const CHANNELS = ["email", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];

const BY_NAMESPACE: Record<string, MessageGroup> = {
  volunteering: "volunteering",
  hours: "volunteering",
  checkin: "volunteering",
  review: "volunteering",
  funding: "donations",
  monthly: "donations",
  receipts: "donations",
  reconcile: "donations",
  pledges: "donations",
  security: "security",
  accounts: "security",
};

/** `volunteering.reminder` → volunteering; unknown namespaces (orgs, needs, producers…) → organization. */
export function groupOf(template: string): MessageGroup {
  return BY_NAMESPACE[template.split(".")[0] ?? ""] ?? "organization";
}

export const isOptionalGroup = (g: string): g is OptionalGroup => (OPTIONAL_GROUPS as readonly string[]).includes(g);

/**
 * Kinds also sent by SMS to a volunteer with a phone: only what cannot wait for the next visit to the
 * site (a shift tomorrow, a shift that moved, a waitlist place that opened). Kept short on purpose.
 */
export const SMS_KINDS = ["volunteering.reminder", "volunteering.shiftChanged", "volunteering.promoted"] as const;
export const isSmsKind = (kind: string) => (SMS_KINDS as readonly string[]).includes(kind);

/** Stored on User.messagePreferences: only the groups turned off are written (`false`). */
export type MessagePreferences = Partial<Record<Channel, Partial<Record<OptionalGroup, boolean>>>>;

export function parsePreferences(raw: unknown): MessagePreferences {
  const out: MessagePreferences = {};
  if (!raw || typeof raw !== "object") return out;
  for (const ch of CHANNELS) {
    const node = (raw as Record<string, unknown>)[ch];
    if (!node || typeof node !== "object") continue;
    for (const g of OPTIONAL_GROUPS) if ((node as Record<string, unknown>)[g] === false) (out[ch] ??= {})[g] = false;
  }
  return out;
}

/** Whether the person wants messages of this group on this channel; security always yes. */
export function wants(prefs: MessagePreferences, channel: Channel, group: MessageGroup) {
  if (!isOptionalGroup(group)) return true;
  return prefs[channel]?.[group] !== false;
}
