import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readUnsubscribeToken, unsubscribe } from "~/modules/messages/preferences.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

/**
 * One-click unsubscribe from an e-mail, without signing in: the signed token names one person and
 * one group. Opening the link shows a button (link scanners must not unsubscribe anyone); the POST —
 * from that button, or from the mail client's `List-Unsubscribe-Post` (RFC 8058) — turns it off.
 */
export const meta = pageTitle("messages.unsubscribe.title");

export async function loader({ params }: LoaderFunctionArgs) {
  const token = readUnsubscribeToken(params.token ?? "");
  if (!token) return data({ valid: false as const, group: null }, { status: 400 });
  return { valid: true as const, group: token.group };
}

export async function action({ params }: ActionFunctionArgs) {
  const token = readUnsubscribeToken(params.token ?? "");
  if (!token || !(await unsubscribe(token.userId, token.group))) return data({ done: false, group: null }, { status: 400 });
  return { done: true, group: token.group };
}

export default function Unsubscribe() {
  const t = useT();
  const { valid, group } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  return (
    <div className="form-card form-narrow">
      <h1>{t("messages.unsubscribe.title")}</h1>
      {!valid || (done && !done.done) ? (
        <p role="alert">{t("messages.unsubscribe.invalid")}</p>
      ) : done?.done ? (
        <p role="status">{t("messages.unsubscribe.done", { group: t(`messages.groups.${done.group}`) })}</p>
      ) : (
        <Form method="post">
          <p>{t("messages.unsubscribe.confirm", { group: t(`messages.groups.${group}`) })}</p>
          <button type="submit">{t("messages.unsubscribe.button")}</button>
        </Form>
      )}
      <p>
        <Link to="/me/notifications">{t("messages.unsubscribe.manage")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
