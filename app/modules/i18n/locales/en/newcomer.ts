import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/newcomer";

const en: LocaleShape<typeof zh> = {
  confirm: {
    title: "Please confirm",
    cancelShift: "Cancel this shift?",
    cancelProject: "Cancel this project? Every shift still to come will be cancelled.",
    impact: "{signedUp} signed up, {waitlisted} on the waitlist, {checkedIn} checked in. They will be told, and this cannot be undone.",
    noImpact: "Nobody has signed up yet. This cannot be undone.",
    yes: "Yes, cancel",
    no: "Go back",
  },
  form: {
    missionHint: "At least {min} characters",
    serviceAreasHint: "Choose at least one",
    shiftDateHint: "Must fall within the project's dates ({from} to {to}); for an earlier or later shift, change the project's dates first",
  },
  cancelledShift: "This shift is cancelled; its check-in code and QR code no longer work.",
  signup: {
    continue: "Your real-name profile is complete. You can now sign up for this shift:",
    continueButton: "Sign up now",
    insideCutoff: "Note: this shift starts in less than {hours} hours; once signed up you cannot cancel yourself.",
    cutoffShort: "Starts within {hours} h: cannot cancel once signed up",
    cannotCancel: "Less than {hours} h to go: contact the organization to cancel",
  },
};
export default en;
