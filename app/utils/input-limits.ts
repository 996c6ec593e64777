/**
 * How much input one request may carry, in one place (#11.7). The HTTP server refuses a body over
 * its route's limit with 413 while it streams in (scripts/lib/http-server.ts); the form readers
 * (app/utils/responses.server.ts `readFormData`, app/modules/files/files.server.ts `parseMultipart`)
 * refuse control characters in text and too many files.
 *
 * Plain modules only (no `~/` imports): the server scripts load this file directly.
 */
const KB = 1024;
const MB = 1024 * KB;

/** Every route not listed below: forms of text are far smaller than this. */
export const DEFAULT_BODY_LIMIT = 512 * KB;

/**
 * Routes that accept uploads: the largest file they take plus room for the other fields and the
 * multipart framing. A new upload route needs a row here, or its uploads are refused at 512 KB.
 */
export const UPLOAD_ROUTES: readonly { pattern: RegExp; limit: number; what: string }[] = [
  { pattern: /^\/orgs\/new$/, limit: 2 * MB, what: "registration with a logo (1 MB)" },
  { pattern: /^\/org\/[^/]+\/edit$/, limit: 2 * MB, what: "organization profile with a logo (1 MB)" },
  { pattern: /^\/org\/[^/]+\/projects\/new$/, limit: 3 * MB, what: "project with a cover image (2 MB)" },
  { pattern: /^\/org\/[^/]+\/projects\/[^/]+\/edit$/, limit: 3 * MB, what: "project with a cover image (2 MB)" },
  { pattern: /^\/org\/[^/]+\/campaigns\/[^/]+$/, limit: 6 * MB, what: "campaign documents (5 MB)" },
  { pattern: /^\/org\/[^/]+\/disbursements$/, limit: 6 * MB, what: "disbursement vouchers (5 MB)" },
  { pattern: /^\/org\/[^/]+\/qualification$/, limit: 6 * MB, what: "qualification request with its certificate (5 MB)" },
  { pattern: /^\/producer\/[^/]+\/products\/(?!new$)[^/]+$/, limit: 9 * MB, what: "product photos (up to 4 of 2 MB per form)" },
  { pattern: /^\/org\/[^/]+\/receipts\/[^/]+$/, limit: 6 * MB, what: "official donation receipt (PDF/OFD/image, 5 MB)" },
  { pattern: /^\/staff\/import\/?$/, limit: 11 * MB, what: "spreadsheet import (10 MB)" },
  { pattern: /^\/org\/[^/]+\/sales\/import$/, limit: 11 * MB, what: "an organization's sales import (10 MB)" },
];

/** At most this many file parts in one multipart form (our forms have one or two). */
export const MAX_FILE_PARTS = 4;
/** One text field of a multipart form (a long description is a few thousand characters). */
export const MAX_TEXT_PART_BYTES = 100_000;

export function bodyLimitFor(pathname: string): number {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return UPLOAD_ROUTES.find((r) => r.pattern.test(path))?.limit ?? DEFAULT_BODY_LIMIT;
}

/**
 * NUL and the other C0 control characters and DEL: nobody types them, PostgreSQL refuses NUL in
 * text, and they hide things in logs and exports. Tab, line feed and carriage return stay allowed
 * (multi-line text, pasted tables).
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const hasControlChars = (s: string) => CONTROL_CHARS.test(s);

/** Message keys (namespace `security`) of the refusals. */
export const INPUT_ERRORS = {
  controlChars: "security.input.controlChars",
  badEncoding: "security.input.badEncoding",
  tooLarge: "security.input.tooLarge",
  tooManyFiles: "security.input.tooManyFiles",
} as const;
