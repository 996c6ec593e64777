import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireBureauAdmin } from "~/modules/accounts/auth.server";
import { setGlobalRole } from "~/modules/accounts/accounts.server";
import { setStaffDistrict } from "~/modules/accounts/staff-district.server";
import { StaffDistrictSchema } from "~/modules/producers/schema";
import { districtOptions } from "~/components/filter-select";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { paginate } from "~/utils/pagination";
import { pageFrom } from "~/utils/pagination.server";
import type { Prisma } from "~/generated/prisma/client";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { prisma } from "~/utils/db.server";
import { formToObject } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("accounts.admin.usersTitle");

const ROLES = ["USER", "BUREAU_STAFF", "BUREAU_ADMIN"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireBureauAdmin(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const where: Prisma.UserWhereInput = q ? { OR: [{ email: { contains: q, mode: "insensitive" } }, { displayName: { contains: q, mode: "insensitive" } }] } : { globalRole: { not: "USER" } };
  const { rows: users, pagination } = await paginate(
    pageFrom(request),
    50,
    () => prisma.user.count({ where }),
    (window) => prisma.user.findMany({ where, select: { id: true, email: true, displayName: true, globalRole: true, districtCode: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], ...window }),
  );
  return { users, q, pagination };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireBureauAdmin(request);
  const values = formToObject(await readFormData(request));
  if (values.intent === "district") {
    // District staff (区县民政局) recommend their district's producers; empty = city staff.
    const district = StaffDistrictSchema.safeParse(values);
    invariantResponse(district.success, 400);
    const res = await runAction(values, () => setStaffDistrict(admin.id, district.data.userId, district.data.districtCode));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, "/staff/users", "producers.flash.staffDistrictChanged", { name: res.value });
  }
  const parsed = z.object({ userId: z.string().min(1).max(40), role: z.enum(ROLES) }).safeParse(values);
  invariantResponse(parsed.success, 400);
  const res = await runAction(values, () => setGlobalRole(admin.id, parsed.data.userId, parsed.data.role));
  if (!res.ok) return res.response;
  return redirectWithFlash(request, "/staff/users", "accounts.admin.roleChanged", { name: res.value, role: parsed.data.role });
}

export default function Users() {
  const { users, q, pagination } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h1>{t("accounts.admin.usersTitle")}</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="u-q">{t("common.actions.search")}</label>
          <input id="u-q" name="q" defaultValue={q} maxLength={100} />
        </div>
        <button type="submit">{t("common.actions.search")}</button>
      </Form>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("accounts.displayName")}</th>
              <th>{t("accounts.email")}</th>
              <th>{t("accounts.account.role")}</th>
              <th>{t("producers.staffDistrict.label")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.displayName}</td>
                <td>{u.email}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="userId" value={u.id} />
                    <select name="role" defaultValue={u.globalRole} aria-label={t("accounts.account.role")}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`common.globalRoles.${r}`)}
                        </option>
                      ))}
                    </select>{" "}
                    <button type="submit" className="button-small">
                      {t("accounts.admin.setRole")}
                    </button>
                  </Form>
                </td>
                <td>
                  {u.globalRole === "USER" ? (
                    "—"
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="district" />
                      <input type="hidden" name="userId" value={u.id} />
                      <select name="districtCode" defaultValue={u.districtCode ?? ""} aria-label={t("producers.staffDistrict.label")}>
                        <option value="">{t("producers.staffDistrict.city")}</option>
                        {districtOptions(locale).map((d) => (
                          <option key={d.value} value={d.value}>
                            {d.label}
                          </option>
                        ))}
                      </select>{" "}
                      <button type="submit" className="button-small">
                        {t("producers.staffDistrict.set")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination {...pagination} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
