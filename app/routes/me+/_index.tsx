import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/modules/accounts/auth.server";
import { getSession, idleLimitMs } from "~/modules/accounts/session.server";
import { linkBase, sendVerificationEmail } from "~/modules/accounts/email-tokens.server";
import { pendingInvitationsFor, respondToInvitation } from "~/modules/organizations/members.server";
import { pageNotifications, markAllRead } from "~/modules/notifications/notifications.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageFrom } from "~/utils/pagination.server";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { prisma } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { formToObject } from "~/utils/forms";
import { invariantResponse, redirectWithFlash, runAction, readFormData } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("accounts.account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const current = await getSession(request);
  const [invitations, notifications, sessions, profile] = await Promise.all([
    // Invitations bind to an address; until the account proves it owns it, they stay out of sight.
    user.emailVerified ? pendingInvitationsFor(user.email) : Promise.resolve([]),
    pageNotifications(user.id, pageFrom(request, "notificationsPage")),
    prisma.session.findMany({ where: { userId: user.id, expiresAt: { gt: new Date() }, lastSeenAt: { gt: new Date(Date.now() - idleLimitMs(user.globalRole)) } }, select: { id: true, userAgent: true, lastSeenAt: true }, orderBy: { lastSeenAt: "desc" } }),
    prisma.volunteerProfile.findUnique({ where: { userId: user.id }, select: { realName: true, idNumberMasked: true } }),
  ]);
  return { user, invitations, notifications: notifications.notifications, notificationsPagination: notifications.pagination, sessions: sessions.map((s) => ({ ...s, current: s.id === current?.id })), profile };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), invitationId: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("decline"), invitationId: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("read") }),
  z.object({ intent: z.literal("resendVerification") }),
  z.object({ intent: z.literal("revokeSession"), sessionId: z.string().min(1).max(40) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const values = formToObject(await readFormData(request));
  const parsed = Intent.safeParse(values);
  invariantResponse(parsed.success, 400);
  const intent = parsed.data;
  if (intent.intent === "read") {
    await markAllRead(user.id);
    return redirectWithFlash(request, "/me", "common.flash.saved");
  }
  if (intent.intent === "resendVerification") {
    await sendVerificationEmail(user.id, linkBase(request));
    return redirectWithFlash(request, "/me", "security.accounts.verify.resent");
  }
  if (intent.intent === "revokeSession") {
    await prisma.session.deleteMany({ where: { id: intent.sessionId, userId: user.id } });
    return redirectWithFlash(request, "/me", "common.flash.saved");
  }
  const res = await runAction(values, () => respondToInvitation(user, intent.invitationId, intent.intent === "accept"));
  if (!res.ok) return res.response;
  return intent.intent === "accept"
    ? redirectWithFlash(request, `/org/${res.value.orgId}`, "accounts.account.inviteAccepted", { org: res.value.orgName })
    : redirectWithFlash(request, "/me", "accounts.account.inviteDeclined");
}

function notificationKey(kind: string) {
  const [ns, ...rest] = kind.split(".");
  return `${ns}.notifications.${rest.join(".")}`;
}

export default function MyAccount() {
  const { user, invitations, notifications, notificationsPagination, sessions, profile } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("accounts.account.title")}</h1>
        <div className="button-row" style={{ marginTop: 0 }}>
          <Link className="button button-secondary" to="/me/profile">
            {t("accounts.profile.title")}
          </Link>
          <Link className="button button-secondary" to="/me/password">
            {t("accounts.password_.title")}
          </Link>
          <Link className="button button-secondary" to="/me/data">
            {t("mydata.title")}
          </Link>
          <Link className="button button-secondary" to="/me/notifications">
            {t("messages.prefs.title")}
          </Link>
          <Link className="button button-secondary" to="/me/volunteering">
            {t("accounts.links.volunteering")}
          </Link>
          <Link className="button button-secondary" to="/me/certificates">
            {t("accounts.links.certificates")}
          </Link>
          <Link className="button button-secondary" to="/me/donations">
            {t("accounts.links.donations")}
          </Link>
          <Link className="button button-secondary" to="/me/buying-units">
            {t("pledges.me.title")}
          </Link>
          <Link className="button button-secondary" to="/me/producers">
            {t("producers.me.title")}
          </Link>
        </div>
      </div>
      <div className="cards">
        <section className="card">
          <dl className="dl">
            <dt>{t("accounts.displayName")}</dt>
            <dd>{user.displayName}</dd>
            <dt>{t("accounts.email")}</dt>
            <dd>{user.email}</dd>
            <dt>{t("security.accounts.verify.status")}</dt>
            <dd>
              {user.emailVerified ? (
                t("security.accounts.verify.verified")
              ) : (
                <>
                  {t("security.accounts.verify.notVerified")}{" "}
                  <Form method="post" className="inline-form">
                    <button type="submit" name="intent" value="resendVerification" className="link-button">
                      {t("security.accounts.verify.resend")}
                    </button>
                  </Form>
                </>
              )}
            </dd>
            <dt>{t("accounts.account.role")}</dt>
            <dd>{t(`common.globalRoles.${user.globalRole}`)}</dd>
            {profile ? (
              <>
                <dt>{t("accounts.profile.realName")}</dt>
                <dd>{profile.realName}</dd>
                <dt>{t("accounts.profile.masked")}</dt>
                <dd>{profile.idNumberMasked}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="card">
          <h2 style={{ marginTop: 0 }}>{t("accounts.account.invitations")}</h2>
          {!user.emailVerified ? <p className="muted">{t("security.accounts.invitationsNeedVerifiedEmail")}</p> : invitations.length === 0 ? <p className="muted">{t("accounts.account.noInvitations")}</p> : null}
          {invitations.map((i) => (
            <div key={i.id} className="button-row">
              <span>{t("accounts.account.invitedTo", { org: i.org.name, role: t(`common.memberRoles.${i.role}`) })}</span>
              <Form method="post" className="inline-form">
                <input type="hidden" name="invitationId" value={i.id} />
                <button type="submit" name="intent" value="accept" className="button-small">
                  {t("accounts.account.acceptInvite")}
                </button>{" "}
                <button type="submit" name="intent" value="decline" className="button-small button-secondary">
                  {t("accounts.account.declineInvite")}
                </button>
              </Form>
            </div>
          ))}
        </section>
      </div>
      <section>
        <div className="page-head">
          <h2>{t("common.notifications.title")}</h2>
          {notifications.some((n) => !n.readAt) ? (
            <Form method="post">
              <button type="submit" name="intent" value="read" className="button-small button-secondary">
                {t("common.notifications.markRead")}
              </button>
            </Form>
          ) : null}
        </div>
        {notifications.length === 0 ? <p className="muted">{t("common.notifications.empty")}</p> : null}
        <ul className="timeline">
          {notifications.map((n) => (
            <li key={n.id} style={{ fontWeight: n.readAt ? 400 : 600 }}>
              {n.link ? <Link to={n.link}>{t(notificationKey(n.kind), n.params as Record<string, string>)}</Link> : t(notificationKey(n.kind), n.params as Record<string, string>)}
              <span className="muted"> · {formatDateTime(n.createdAt, locale)}</span>
            </li>
          ))}
        </ul>
        {notificationsPagination.total ? <Pagination {...notificationsPagination} param="notificationsPage" /> : null}
      </section>
      <section>
        <h2>{t("accounts.account.sessions")}</h2>
        <table>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>{s.userAgent ?? "—"}</td>
                <td>{formatDateTime(s.lastSeenAt, locale)}</td>
                <td>
                  {s.current ? null : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button type="submit" name="intent" value="revokeSession" className="link-button">
                        {t("accounts.account.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
