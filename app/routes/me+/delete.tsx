import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { destroySession } from "~/modules/accounts/session.server";
import { deleteAccount, deletionObstacles } from "~/modules/privacy/delete-account.server";
import { DeleteAccountSchema } from "~/modules/privacy/schema";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, runAction } from "~/utils/responses.server";
import { setFlash } from "~/utils/flash.server";

export const meta = pageTitle("mydata.delete.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const obstacles = await deletionObstacles(user.id);
  return { obstacles };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(DeleteAccountSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const { password: _password, ...kept } = values;
  const res = await runAction(kept, () => deleteAccount(user.id, parsed.data));
  if (!res.ok) return res.response;
  // The session row is gone with the account; the browser forgets its cookie too.
  const headers = new Headers();
  headers.append("Set-Cookie", await destroySession(request));
  headers.append("Set-Cookie", await setFlash(request, { messageKey: "mydata.delete.done" }));
  return redirect("/", { headers });
}

const ERASED = ["e1", "e2", "e3", "e4", "e5", "e6", "e7"];
const KEPT = ["e1", "e2", "e3"];

export default function DeleteAccount() {
  const { obstacles } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div className="form-card form-narrow">
      <h1>{t("mydata.delete.title")}</h1>
      <p>{t("mydata.delete.intro")} <Link to="/me/data">{t("mydata.title")}</Link></p>
      <h2>{t("mydata.delete.erasedTitle")}</h2>
      <ul>
        {ERASED.map((k) => (
          <li key={k}>{t(`mydata.delete.erased.${k}`)}</li>
        ))}
      </ul>
      <h2>{t("mydata.delete.keptTitle")}</h2>
      <ul>
        {KEPT.map((k) => (
          <li key={k}>{t(`mydata.delete.kept.${k}`)}</li>
        ))}
      </ul>
      {obstacles.length ? (
        <div className="form-error" role="alert">
          <strong>{t("mydata.delete.blockedTitle")}</strong>
          <ul>
            {obstacles.map((o, i) => (
              <li key={i}>{t(`mydata.delete.obstacles.${o.kind}`, o.kind === "soleOwner" ? { org: o.orgName } : "number" in o ? { number: o.number } : {})}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" noValidate>
        <FormError reply={reply} />
        <TextField name="password" type="password" label={t("mydata.delete.password")} reply={reply} required autoComplete="current-password" />
        <TextField name="confirmation" label={t("mydata.delete.confirmation")} hint={t("mydata.delete.confirmationHint")} reply={reply} required autoComplete="off" />
        <button type="submit" className="button-danger">
          {t("mydata.delete.submit")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
