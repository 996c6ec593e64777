import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireOrgPermission } from "~/modules/organizations/permissions.server";
import { changeMemberRole, inviteMember, listMembers, removeMember, revokeInvitation } from "~/modules/organizations/members.server";
import { InviteSchema, INVITE_ROLES, MEMBER_ROLES } from "~/modules/organizations/schema";
import { FormError, SelectField, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { formatDate } from "~/utils/format";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("orgs.members.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:view");
  const { members, invitations } = await listMembers(access.orgId);
  const canManage = access.role === "OWNER" || access.role === "ADMIN";
  return {
    canManage,
    myRole: access.role,
    // E-mail addresses are shown to the organization's managers only.
    members: members.map((m) => ({ id: m.id, role: m.role, createdAt: m.createdAt, name: m.user.displayName, email: canManage ? m.user.email : null })),
    invitations: canManage ? invitations : [],
  };
}

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite") }).passthrough(),
  z.object({ intent: z.literal("revoke"), invitationId: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("role"), membershipId: z.string().min(1).max(40), role: z.enum(MEMBER_ROLES) }),
  z.object({ intent: z.literal("remove"), membershipId: z.string().min(1).max(40) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgPermission(request, params.orgId, "org:members");
  const values = formToObject(await readFormData(request));
  const parsedIntent = IntentSchema.safeParse(values);
  invariantResponse(parsedIntent.success, 400);
  const actor = { id: access.user.id, role: access.role! };
  const intent = parsedIntent.data;
  if (intent.intent === "invite") {
    const parsed = parseWithSchema(InviteSchema, values);
    if (!parsed.ok) return data(parsed.reply, { status: 400 });
    const res = await runAction(values, () => inviteMember(access.orgId, access.user.id, parsed.data.email, parsed.data.role));
    if (!res.ok) return res.response;
    return redirectWithFlash(request, `/org/${access.orgId}/members`, "orgs.members.invited", { email: parsed.data.email });
  }
  const res = await runAction(values, async () => {
    if (intent.intent === "revoke") await revokeInvitation(access.orgId, actor.id, intent.invitationId);
    if (intent.intent === "role") await changeMemberRole(access.orgId, actor, intent.membershipId, intent.role);
    if (intent.intent === "remove") await removeMember(access.orgId, actor, intent.membershipId);
  });
  if (!res.ok) return res.response;
  const key = intent.intent === "revoke" ? "orgs.members.revoked" : intent.intent === "role" ? "orgs.members.roleChanged" : "orgs.members.removed";
  return redirectWithFlash(request, `/org/${access.orgId}/members`, key);
}

export default function Members() {
  const { members, invitations, canManage } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <h2>{t("orgs.members.title")}</h2>
      <FormError reply={reply} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("accounts.displayName")}</th>
              {canManage ? <th>{t("accounts.email")}</th> : null}
              <th>{t("orgs.members.role")}</th>
              <th>{t("orgs.members.joined")}</th>
              {canManage ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                {canManage ? <td>{m.email}</td> : null}
                <td>
                  {canManage ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="membershipId" value={m.id} />
                      <select name="role" defaultValue={m.role} aria-label={t("orgs.members.role")}>
                        {MEMBER_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`common.memberRoles.${r}`)}
                          </option>
                        ))}
                      </select>{" "}
                      <button type="submit" className="button-small">
                        {t("common.actions.save")}
                      </button>
                    </Form>
                  ) : (
                    t(`common.memberRoles.${m.role}`)
                  )}
                </td>
                <td>{formatDate(m.createdAt, locale)}</td>
                {canManage ? (
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="membershipId" value={m.id} />
                      <button type="submit" className="button-small button-danger">
                        {t("orgs.members.remove")}
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage ? (
        <>
          <h3>{t("orgs.members.pending")}</h3>
          {invitations.length === 0 ? <p className="muted">{t("common.empty")}</p> : null}
          <ul>
            {invitations.map((i) => (
              <li key={i.id}>
                {i.email} · {t(`common.memberRoles.${i.role}`)}{" "}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="invitationId" value={i.id} />
                  <button type="submit" className="link-button">
                    {t("orgs.members.revoke")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <div className="form-card form-narrow">
            <h3>{t("orgs.members.invite")}</h3>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <TextField name="email" type="email" label={t("orgs.members.inviteEmail")} reply={reply} required maxLength={254} />
              <SelectField name="role" label={t("orgs.members.role")} reply={reply} defaultValue="MEMBER" options={INVITE_ROLES.map((r) => ({ value: r, label: t(`common.memberRoles.${r}`) }))} />
              <button type="submit">{t("orgs.members.sendInvite")}</button>
            </Form>
          </div>
        </>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
