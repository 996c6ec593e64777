import { Form } from "@remix-run/react";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { ResponseOffer } from "~/components/need-ui";
import type { NeedDetail } from "~/modules/needs/queries.server";
import { formatDate } from "~/utils/format";

/** Responses with accept/decline buttons (staff page and the proposing organization's page). */
export function ResponsesTable({ need }: { need: Pick<NeedDetail, "responses" | "goods"> }) {
  const t = useT();
  const locale = useLocale();
  if (!need.responses.length) return <p className="muted">{t("needs.detail.noResponses")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <tbody>
          {need.responses.map((r) => (
            <tr key={r.id} data-response-id={r.id}>
              <td>{r.org.name}</td>
              <td>{t(`needs.kinds.${r.kind}`)}</td>
              <td>
                <ResponseOffer r={r} goods={need.goods} />
                {r.message ? <div className="muted">{r.message}</div> : null}
              </td>
              <td>{formatDate(r.createdAt, locale)}</td>
              <td>{t(`needs.responseStatuses.${r.status}`)}</td>
              <td>
                {r.status === "PENDING" ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="decide" />
                    <input type="hidden" name="responseId" value={r.id} />
                    <input name="reason" aria-label={t("needs.manage.reason")} placeholder={t("needs.manage.reason")} maxLength={300} />
                    <button type="submit" name="decision" value="accept" className="button-small">
                      {t("needs.manage.accept")}
                    </button>{" "}
                    <button type="submit" name="decision" value="decline" className="button-small button-secondary">
                      {t("needs.manage.decline")}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
