import type { ActionFunctionArgs } from "@remix-run/node";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { exportNational } from "~/modules/volunteering/national-export.server";
import { NationalPeriodSchema, toNationalPeriod } from "~/modules/volunteering/national-export-schema";
import { xlsxResponse } from "~/modules/volunteering/export.server";
import { loadOr4xx } from "~/modules/volunteering/http.server";
import { formToObject } from "~/utils/forms";
import { inputError, readFormData } from "~/utils/responses.server";

/**
 * The national volunteer-system import file (.xlsx) for a period. A POST (never a link that a
 * crawler or prefetch could follow): owners, admins and coordinators of the organization
 * (org:volunteering); bureau staff only look. Every export is audited as national.export.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:volunteering");
  const parsed = NationalPeriodSchema.safeParse(formToObject(await readFormData(request)));
  if (!parsed.success) throw inputError(400, parsed.error.issues[0]?.message.startsWith("national.") ? parsed.error.issues[0].message : "national.period.invalid");
  const file = await loadOr4xx(() => exportNational(access.orgId, access.user.id, toNationalPeriod(parsed.data)));
  return xlsxResponse(file);
}
