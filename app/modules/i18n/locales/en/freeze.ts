import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/freeze";

const en: LocaleShape<typeof zh> = {
  errors: {
    donationsSuspended: "This project has been suspended by the civil affairs bureau and is not taking donations.",
    disbursementFrozen: "This project is suspended and its money is frozen: no disbursement can be recorded while it is suspended. Please contact the civil affairs bureau.",
    refundFrozen: "This project is suspended and its money is frozen: refunds during the suspension are made by bureau staff.",
    suspendedByStaff: "This fund has been suspended by the civil affairs bureau; only staff can reinstate it.",
    notHeld: "This donation is not held.",
  },
  staff: {
    fundStatuses: { DRAFT: "Draft", SUBMITTED: "Submitted", RETURNED: "Returned", REJECTED: "Rejected", ACTIVE: "Active", PAUSED: "Paused", SUSPENDED: "Suspended (money frozen)", CLOSED: "Closed" },
    title: "Suspend or reinstate a fund",
    fund: "Special fund",
    org: "Managing organization",
    status: "Status",
    balance: "Account balance",
    decision: "Decision",
    decisions: { SUSPEND: "Suspend (freeze money)", REINSTATE: "Reinstate" },
    reason: "Reason (required, kept in the audit log)",
    apply: "Apply",
    noDecision: "No suspension action applies in the current status.",
    suspensionLink: "Suspend / reinstate",
    held: "Held donations",
    heldHelp: "Payments that arrived while suspended are held: on the books, but neither counted nor spendable. Check them, then release them or return them to the donor.",
    noHeld: "No held donations.",
    heldAt: "Held since",
    donor: "Donor",
    amount: "Amount",
    release: "Release",
    releaseReason: "Reason for release",
    refund: "Return to donor",
    refundReason: "Reason for the refund",
    refunds: "Donations and refunds",
  },
  flash: {
    suspended: "Suspended; its money is frozen",
    reinstated: "Reinstated",
    released: "Released; the donation now counts normally",
  },
  notifications: {
    fundSuspended: "The special fund “{name}” has been suspended and its money frozen: {reason}",
    fundReinstated: "The special fund “{name}” has been reinstated: {reason}",
  },
};
export default en;
