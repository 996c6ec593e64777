import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { clientIp } from "~/modules/accounts/rate-limit.server";
import { listMyRequests, trackByCode } from "~/modules/help/requests.server";
import { TrackSchema } from "~/modules/help/schema";
import { FormError, TextField } from "~/components/form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formToObject, parseWithSchema, type FormReply } from "~/utils/forms";
import { readFormData, runAction } from "~/utils/responses.server";
import { formatDate } from "~/utils/format";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("help.track.title");

type Tracked = { category: string; createdAt: string; status: string; outcomeNote: string | null; handledAt: string | null; needId: string | null };
const view = (r: { category: string; createdAt: Date; status: string; outcomeNote: string | null; handledAt: Date | null; needId: string | null }): Tracked => ({
  category: r.category,
  createdAt: r.createdAt.toISOString(),
  status: r.status,
  outcomeNote: r.outcomeNote,
  handledAt: r.handledAt?.toISOString() ?? null,
  needId: r.needId,
});

/** Signed in: the person's own requests. The code itself is posted, never put in a URL. */
/** The answer that shows a tracking code (or a request's status) is never cached. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const mine = user ? (await listMyRequests(user.id)).map(view) : null;
  return { mine };
}

export async function action({ request }: ActionFunctionArgs) {
  const values = formToObject(await readFormData(request));
  const parsed = parseWithSchema(TrackSchema, values);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const res = await runAction(values, () => trackByCode(parsed.data.code, clientIp(request)));
  if (!res.ok) return res.response;
  return data({ found: view(res.value) }, { headers: { "Cache-Control": "no-store" } });
}

function Progress({ r, testId }: { r: Tracked; testId?: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="card" data-testid={testId}>
      <dl className="dl">
        <dt>{t("help.fields.category")}</dt>
        <dd>{t(`needs.categories.${r.category}`)}</dd>
        <dt>{t("help.track.submittedOn")}</dt>
        <dd>{formatDate(r.createdAt, locale)}</dd>
        <dt>{t("common.status")}</dt>
        <dd>
          <span className={`status status-${r.status}`}>{t(`help.statuses.${r.status}`)}</span>
        </dd>
        {r.handledAt ? (
          <>
            <dt>{t("help.track.handledOn")}</dt>
            <dd>{formatDate(r.handledAt, locale)}</dd>
          </>
        ) : null}
      </dl>
      <p>{t(`help.statusNotes.${r.status}`)}</p>
      {r.outcomeNote ? (
        <>
          <h3>{t("help.track.outcome")}</h3>
          <p className="prewrap" data-testid="outcome-note">
            {r.outcomeNote}
          </p>
        </>
      ) : null}
      {r.needId ? <Link to={`/needs/${r.needId}`}>{t("help.track.needLink")}</Link> : null}
    </div>
  );
}

export default function TrackHelpRequest() {
  const { mine } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (FormReply & { found?: Tracked }) | undefined;
  const t = useT();
  const reply = result?.found ? undefined : result;
  return (
    <section className="form-narrow" style={{ maxWidth: "40rem" }}>
      <h1>{t("help.track.title")}</h1>
      <p className="muted">{t("help.track.intro")}</p>
      <Form method="post" className="card" noValidate>
        <FormError reply={reply} />
        <TextField name="code" label={t("help.track.code")} reply={reply} required maxLength={20} autoComplete="off" placeholder="ABCD-EFGH-JKLM" />
        <button type="submit">{t("help.track.submit")}</button>
      </Form>
      {result?.found ? (
        <section aria-live="polite">
          <h2>{t("help.track.result")}</h2>
          <Progress r={result.found} testId="track-result" />
        </section>
      ) : null}
      {mine ? (
        <section>
          <h2>{t("help.track.mine")}</h2>
          {mine.length ? mine.map((r, i) => <Progress key={i} r={r} />) : <p className="muted">{t("help.track.noneMine")}</p>}
        </section>
      ) : null}
      <p>
        <Link to="/help">{t("help.track.fileNew")}</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
