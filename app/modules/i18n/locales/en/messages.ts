import type zh from "../zh-CN/messages";
import type { LocaleShape } from "../../resources";

const messages: LocaleShape<typeof zh> = {
  subject: {
    volunteering: "[Shanlian] Volunteering",
    donations: "[Shanlian] Donations",
    organization: "[Shanlian] Organization matters",
    security: "[Shanlian] Account security",
    verifyEmail: "[Shanlian] Please verify your e-mail address",
    resetPassword: "[Shanlian] Reset your password",
  },
  email: {
    greeting: "Hello {name},",
    greetingNoName: "Hello,",
    genericBody: "You have a new message on Shanlian; sign in to read it.",
    open: "Open",
    why: "You receive this e-mail because “{group}” e-mails are turned on in your Shanlian settings.",
    unsubscribe: "Unsubscribe from these e-mails",
    preferences: "Notification settings",
    securityNote: "This is an account-security e-mail; it cannot be turned off.",
    signature: "Shanlian · social organizations and volunteering",
  },
  groups: {
    volunteering: "Volunteering",
    donations: "Donations",
    organization: "Organization matters",
    security: "Account security",
  },
  groupHints: {
    volunteering: "Sign-up confirmations, shift changes, reminders before service, confirmed hours",
    donations: "Donations received, monthly reminders, receipts, refunds",
    organization: "Organization invitations, needs matching, review results",
    security: "E-mail verification, password reset (always sent)",
  },
  prefs: {
    title: "Notification settings",
    intro: "Notifications on the site are always kept. Choose, per group, whether you also get them by e-mail or text message.",
    group: "Group",
    email: "E-mail",
    sms: "Text message",
    smsHint: "Text messages are used only for reminders before service and shift changes, and go only to the phone number in your real-name profile.",
    noPhone: "No phone number",
    always: "Always sent",
    saved: "Notification settings saved",
  },
  unsubscribe: {
    title: "Unsubscribe",
    confirm: "After you press the button below you will no longer receive “{group}” e-mails. Notifications on the site are not affected.",
    button: "Unsubscribe",
    done: "You are unsubscribed from “{group}” e-mails. You can turn them back on at any time in your notification settings.",
    invalid: "This unsubscribe link is not valid, or the account no longer exists.",
    manage: "Notification settings",
  },
};

export default messages;
