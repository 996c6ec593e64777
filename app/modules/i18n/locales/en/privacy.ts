import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/privacy";

const en: LocaleShape<typeof zh> = {
  errors: {
    idNumberInText: "The text contains an ID number. It is shown publicly: remove personal data and try again.",
    phoneInText: "The text contains a mobile number. It is shown publicly: remove personal contact details and try again.",
    creditCodeTaken: "This credit code is already registered. If you think this is wrong, contact the registration authority.",
    notYours: "The selected record does not belong to this organization",
  },
  contact: {
    orgPhonePublic: "Show the full contact phone to every visitor of the organization's page",
    orgPhonePublicHint: "Unticked, signed-out visitors see the number with its middle four digits hidden (e.g. 138****5678); members of the organization and bureau staff always see it in full.",
    projectPhonePublic: "Show the full contact phone to every visitor of the project page",
    projectPhonePublicHint: "Unticked, visitors see the number with its middle four digits hidden; members of the organization and bureau staff always see it in full.",
    masked: "Part of the number is hidden",
  },
  donors: {
    anonymous: "Anonymous donor",
  },
  roster: {
    phonesMasked: "Mobile numbers are partly hidden: only the owner, admins and coordinators see them in full.",
    exportWithPhones: "Export with full mobile numbers",
    reason: "Reason for the export",
    reasonHint: "Exporting full numbers is recorded in the audit log (the reason only, no numbers).",
    reasonRequired: "Give a reason for the export (at least 4 characters)",
  },
};
export default en;
