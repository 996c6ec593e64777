import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/security";

const en: LocaleShape<typeof zh> = {
  accounts: {
    linkInvalid: "This link is invalid, already used or expired; please ask for a new one",
    forgot: {
      title: "Forgot your password",
      intro: "Enter the e-mail address you signed up with and we will send a link to set a new password (valid for 1 hour, single use).",
      submit: "Send the link",
      sent: "If this address has an account, a reset link is on its way. Please check your mailbox.",
      link: "Forgot your password?",
    },
    reset: { title: "Set a new password", submit: "Save the new password", done: "Your password was reset and every device was signed out; please sign in with the new password" },
    verify: {
      title: "Verify your e-mail",
      ok: "Your e-mail address is verified. Thank you!",
      failed: "This verification link is invalid, already used or expired. Sign in and send a new one from My account.",
      status: "E-mail status",
      verified: "Verified",
      notVerified: "Not verified",
      resend: "Send the verification e-mail again",
      resent: "If one could be sent, a verification e-mail is on its way",
      continue: "Go to my account",
    },
    verifyToAnswer: "Please verify your e-mail address before answering organization invitations",
    invitationsNeedVerifiedEmail: "Verify your e-mail address to see and answer the organization invitations sent to it.",
    idNotAccepted: "The real-name profile could not be registered with these details. Please check the name and ID number; if they are right, contact the civil affairs staff.",
    mail: {
      verifyEmail: "Open this link to verify the e-mail address you use on Shanlian (valid for 24 hours): {link}",
      resetPassword: "Open this link to set a new Shanlian password (valid for 1 hour, single use): {link} If you did not ask for this, ignore this e-mail.",
    },
  },
  input: {
    controlChars: "What you sent contains invisible control characters (such as a null character). Please remove them and try again.",
    badEncoding: "The link or form is not validly encoded. Please check it and try again.",
    tooLarge: "What you sent is too large. Please use a smaller file or less text and try again.",
    tooManyFiles: "Too many files in one upload. Please upload them in several steps.",
    title: "This request could not be processed",
    goHome: "Back to the home page",
  },
};
export default en;
