/** What an erased text field holds (the columns are NOT NULL). */
export const ERASED = "已清除";

/**
 * A help request without its person: the text, contact, medical and child details and the place
 * below the district go; category, district, status and dates stay for the statistics.
 */
export const ERASED_HELP_REQUEST = {
  needText: ERASED,
  contactName: ERASED,
  contactPhone: "",
  medicalDetails: null,
  childDetails: null,
  guardianName: null,
  town: null,
  village: null,
  outcomeNote: null,
  ipHash: null,
} as const;

/** Help requests that are decided: nothing is left to do with the contact details. */
export const DECIDED_HELP_STATUSES = ["CONVERTED", "REFERRED", "CLOSED"] as const;
