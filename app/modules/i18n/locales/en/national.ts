import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/national";

const en: LocaleShape<typeof zh> = {
  title: "National volunteer-system export",
  tab: "National export",
  intro:
    "Exports the organization's counted volunteer hours for the chosen period in the bulk-import layout of the national volunteer service information system (chinavolunteer.cn): three sheets, volunteers, projects and service hours. Only confirmed or corrected records whose notice has run out without objection and that are not flagged; volunteers' names and ID numbers appear only in the downloaded file, and only for volunteers who consented. Every export is recorded in the audit log.",
  period: {
    from: "From",
    to: "To",
    show: "Show",
    order: "The end date cannot be before the start date",
    tooLong: "An export covers at most one year",
    invalid: "Please give a valid period",
  },
  counts: {
    volunteers: "Volunteers",
    projects: "Projects",
    records: "Service records",
    hours: "Hours",
  },
  excluded: {
    line: "{records} records ({hours} hours) of {people} volunteers are not in the file.",
    why: "Why: these volunteers have not consented to their real name and ID number being reported to the national volunteer system. They can consent on their profile page; export again afterwards.",
    more: " and {count} more",
  },
  download: "Download the import file (.xlsx)",
  downloadHint: "The file holds volunteers' names, ID numbers and mobile numbers, only for import into the national system: keep it safe and delete it after the import.",
  staffReadOnly: "Bureau staff may see the figures; the file is made by the organization's owner, admins or volunteer coordinators.",
  orgWithoutHours: "This organization is suspended or revoked: its hours do not count, so the file is empty.",
  history: {
    title: "Last exports",
    empty: "No exports yet.",
    at: "When",
    by: "By",
    period: "Period",
    rows: "Contents",
    counts: "{volunteers} volunteers, {projects} projects, {records} records, {hours} hours; {excluded} left out",
  },
  errors: {
    keyMissing: "The server has no key for encrypting ID numbers (ID_ENCRYPTION_KEY): consents cannot be recorded and nothing can be exported. Please contact the platform's operators.",
  },
  consent: {
    title: "Reporting to the national volunteer system",
    explain: "I agree that my real-name details (name, ID number) are reported to the national volunteer service information system",
    what: "Organizations you served with may export your name, ID number, sex, date of birth, mobile number and counted hours for import into the national volunteer service information system (chinavolunteer.cn), so that your hours are recorded there too.",
    who: "Your ID number is stored encrypted; it appears in clear only in the import file an organization makes for this purpose, never on any page.",
    how: "To confirm it is you, type the ID number you gave when you registered again.",
    withdrawAny: "You can withdraw at any time: the encrypted ID number is then erased and later exports leave you out.",
    idNumber: "ID number",
    idHint: "Must match the ID number you registered with",
    agree: "I agree that my real-name details (name, ID number) are reported to the national volunteer service information system",
    agreeRequired: "Please tick the box to consent",
    submit: "Consent",
    givenOn: "Consent given on {date}",
    withdraw: "Withdraw consent",
    given: "Your consent has been recorded.",
    withdrawn: "Consent withdrawn; the encrypted ID number has been erased.",
    mismatch: "This is not the ID number you registered with",
    tooManyMismatches: "Too many wrong ID numbers today; please try again tomorrow.",
    profileRequired: "Please complete your volunteer profile first.",
  },
};

export default en;
