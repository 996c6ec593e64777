import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { collectOwnData, OWN_DATA_KINDS } from "~/modules/privacy/own-data.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";
import { prisma } from "~/utils/db.server";

export const meta = pageTitle("mydata.title");

/** Rows shown per kind on the page; the downloads carry everything. */
const SHOWN = 10;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [data, profile] = await Promise.all([
    collectOwnData(user.id),
    prisma.volunteerProfile.findUnique({ where: { userId: user.id }, select: { nationalExportConsentAt: true, idNumberCiphertext: true } }),
  ]);
  const sections = OWN_DATA_KINDS.map((kind) => ({ kind, count: data.sections[kind].length, rows: data.sections[kind].slice(0, SHOWN) }));
  return {
    sections,
    truncated: data.truncated,
    cap: data.cap,
    exportConsentOn: profile?.idNumberCiphertext && profile.nationalExportConsentAt ? profile.nationalExportConsentAt.toISOString().slice(0, 10) : null,
    hasProfile: Boolean(profile),
  };
}

export default function MyData() {
  const { sections, truncated, cap, exportConsentOn, hasProfile } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <div className="page-head">
        <h1>{t("mydata.title")}</h1>
      </div>
      <p>{t("mydata.intro")}</p>
      <div className="button-row">
        <a className="button" href="/me/data.json" download>
          {t("mydata.downloadJson")}
        </a>
        <a className="button button-secondary" href="/me/data.xlsx" download>
          {t("mydata.downloadXlsx")}
        </a>
        <Link className="button button-danger" to="/me/delete">
          {t("mydata.deleteLink")}
        </Link>
      </div>
      {hasProfile ? <p className="muted">{t("mydata.idNote")}</p> : null}
      {exportConsentOn ? <p className="muted">{t("mydata.exportCopy", { date: exportConsentOn })}</p> : null}
      {truncated.map((k) => (
        <p key={k} className="muted">
          {t("mydata.truncated", { kind: t(`mydata.kinds.${k}`), cap })}
        </p>
      ))}
      {sections.map((s) => (
        <section key={s.kind} className="card" style={{ marginTop: "1rem" }}>
          <h2>
            {t(`mydata.kinds.${s.kind}`)} <small className="muted">{t("mydata.rows", { count: s.count })}</small>
          </h2>
          {s.rows.length === 0 ? (
            <p className="muted">{t("mydata.none")}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      {Object.keys(s.rows[0]!).map((h) => (
                        <th key={h}>{h}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {s.rows.map((r, i) => (
                      <tr key={i}>
                        {Object.keys(s.rows[0]!).map((h) => (
                          <td key={h}>{r[h] === null || r[h] === undefined ? "" : String(r[h])}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {s.count > s.rows.length ? <p className="muted">{t("mydata.showing", { shown: s.rows.length })}</p> : null}
            </>
          )}
        </section>
      ))}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
