import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { withoutPersonalData } from "~/modules/accounts/personal-data";
import { rosterWorkbook, xlsxResponse } from "~/modules/volunteering/export.server";
import { loadOr4xx } from "~/modules/volunteering/http.server";
import { formToObject } from "~/utils/forms";
import { fields } from "~/utils/fields";
import { invariantResponse, readFormData } from "~/utils/responses.server";

/** The roster as .xlsx: names in clear for the organization's members, mobile numbers masked. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:rosters");
  const file = await loadOr4xx(() => rosterWorkbook(access.orgId, params.shiftId ?? "", { clear: access.role !== null, phones: false }));
  return xlsxResponse(file);
}

/** The reason is kept in the audit trail, so it may not carry a phone number itself. */
const PhonesSchema = z.object({ reason: withoutPersonalData(fields.text(200, 4)) });

/**
 * Full mobile numbers: only for roles with "org:volunteering", only with a stated reason, and
 * audited as roster.exported_phones (the reason and the count, never the numbers).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:volunteering");
  const parsed = PhonesSchema.safeParse(formToObject(await readFormData(request)));
  invariantResponse(parsed.success, 400, "privacy.roster.reasonRequired");
  const shiftId = params.shiftId ?? "";
  const file = await loadOr4xx(() => rosterWorkbook(access.orgId, shiftId, { clear: true, phones: true }));
  await recordAudit({ actorId: access.user.id, action: "roster.exported_phones", entityType: "Shift", entityId: shiftId, orgId: access.orgId, reason: parsed.data.reason, after: { rows: file.rowCount } });
  return xlsxResponse(file);
}
