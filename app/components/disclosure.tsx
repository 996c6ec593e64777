import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { formatDate, formatFen } from "~/utils/format";
import type { PageInfo } from "~/utils/pagination";
import { Pagination } from "~/components/pagination";
import type { DisclosureState } from "~/modules/disclosure/schedule";

export type DisclosureNoticeProps = { overdue: boolean; dueOn: string | null; onHold: boolean; accountsUrl: string };

/** On a campaign's or fund's public page: overdue and on-hold notices, and the way to the disclosures. */
export function DisclosureNotice({ notice }: { notice: DisclosureNoticeProps }) {
  const t = useT();
  return (
    <div data-testid="disclosure-notice">
      {notice.onHold ? (
        <p className="form-error" data-testid="disclosure-hold">
          {t("disclosure.notice.onHold")}
        </p>
      ) : null}
      {notice.overdue ? (
        <p className="flash flash-error" data-testid="disclosure-overdue">
          {t("disclosure.notice.overdue", { dueOn: notice.dueOn ?? "" })}
        </p>
      ) : null}
      <p className="small">
        <Link to={notice.accountsUrl}>{t("disclosure.notice.history")}</Link>
      </p>
    </div>
  );
}

export function DisclosureStateBadge({ state }: { state: DisclosureState }) {
  const t = useT();
  const cls = state === "overdue" ? "REJECTED" : state === "dueSoon" ? "SUBMITTED" : "APPROVED";
  return <span className={`status status-${cls}`}>{t(`disclosure.states.${state}`)}</span>;
}

export type DisclosureRow = {
  id: string;
  kind: "PERIODIC" | "FINAL";
  periodStart: string;
  periodEnd: string;
  incomeFen: string;
  spendingFen: string;
  beneficiaryProgress: string;
  body: string;
  filedAt: string;
  target: { type: "campaign" | "fund"; id: string; name: string };
  evidence: { id: string; fileId: string; label: string }[];
};

/** Every filed disclosure, newest period first; evidence links only for those who may open them. */
export function DisclosureList({ disclosures, pagination, canSeeEvidence, showTarget }: { disclosures: DisclosureRow[]; pagination: PageInfo; canSeeEvidence: boolean; showTarget?: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="disclosures-title" data-testid="disclosures">
      <h2 id="disclosures-title">{t("disclosure.list.title")}</h2>
      {disclosures.length ? (
        <>
          <ol className="timeline">
            {disclosures.map((d) => (
              <li key={d.id} data-testid="disclosure">
                <h3>
                  {t(`disclosure.kinds.${d.kind}`)} · {d.periodStart} – {d.periodEnd}
                </h3>
                {showTarget ? <p className="muted small">{d.target.name}</p> : null}
                <dl className="dl">
                  <dt>{t("disclosure.list.income")}</dt>
                  <dd>{formatFen(d.incomeFen)}</dd>
                  <dt>{t("disclosure.list.spending")}</dt>
                  <dd>{formatFen(d.spendingFen)}</dd>
                  <dt>{t("disclosure.list.progress")}</dt>
                  <dd>{d.beneficiaryProgress}</dd>
                  <dt>{t("disclosure.list.body")}</dt>
                  <dd>
                    {d.body.split(/\n+/).map((p, i) => (
                      <p key={i}>{p}</p>
                    ))}
                  </dd>
                  {d.evidence.length ? (
                    <>
                      <dt>{t("disclosure.list.evidence")}</dt>
                      <dd>
                        {d.evidence.map((e) => (
                          <div key={e.id} data-testid="disclosure-evidence">
                            {canSeeEvidence ? (
                              <Link to={`/files/${e.fileId}`} reloadDocument>
                                {e.label}
                              </Link>
                            ) : (
                              e.label
                            )}
                          </div>
                        ))}
                        {canSeeEvidence ? null : <p className="muted small">{t("disclosure.list.evidencePrivate")}</p>}
                      </dd>
                    </>
                  ) : null}
                  <dt>{t("disclosure.list.filedAt")}</dt>
                  <dd>{formatDate(d.filedAt, locale)}</dd>
                </dl>
              </li>
            ))}
          </ol>
          <Pagination {...pagination} param="disclosuresPage" />
        </>
      ) : (
        <p className="muted">{t("disclosure.list.none")}</p>
      )}
    </section>
  );
}
