import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/hours";

const en: LocaleShape<typeof zh> = {
  errors: {
    selfAttendance: "You cannot check yourself in or out or mark yourself absent; another coordinator of the organization must do it",
    selfConfirm: "You cannot confirm your own hours; another coordinator of the organization must confirm them",
    selfCorrect: "You cannot correct your own service record (or settle your own dispute); another coordinator of the organization must do it",
    orgSuspended: "The organization is suspended: no volunteer hours can be recorded or corrected while it is suspended",
    orgRevoked: "The organization's registration is revoked: no volunteer hours can be recorded or corrected",
    aboveSpan: "Hours cannot exceed {hours} (time from check-in to check-out, or the shift's length without a check-out, plus {tolerance} minutes)",
    correctionRange: "Hours must be between 0 and 24 (0 means the person did not actually serve)",
    nothingCertifiable:
      "Nothing in this period can be certified: a certificate only includes records confirmed by another person of the organization, not disputed, from organizations that are not suspended or revoked",
    coordinatorOnly: "Confirming hours, checking out and correcting records is for the organization's owner, admins and volunteer coordinators",
  },
  roster: {
    maxHint: "At most {hours} h (check-in to check-out, or the shift's length without a check-out, plus {tolerance} minutes)",
    coordinatorOnly: "Members may check volunteers in and mark no-shows; check-out and hours are for the owner, admins and volunteer coordinators.",
  },
  records: {
    correctHint: "0 means the person did not actually serve. A correction cannot exceed the checked-in time plus {tolerance} minutes; issued certificates are re-issued or revoked.",
    corrected: "Record corrected; {count} certificate(s) re-issued or revoked",
  },
  certificates: {
    issueNote: "A certificate only includes records confirmed by another person of the organization; records of suspended or revoked organizations are left out.",
    statuses: { VALID: "Valid", SUPERSEDED: "Superseded", REVOKED: "Revoked" },
    superseded: "This certificate was replaced by a corrected one ({date}); new code: {code}",
    revoked: "This certificate was revoked ({date})",
  },
  verify: {
    superseded: "This certificate has been replaced by a corrected certificate",
    supersededSince: "No longer valid since {date}. New certificate code:",
    revoked: "This certificate has been revoked",
    revokedOn: "Revoked on {date}",
  },
};
export default en;
