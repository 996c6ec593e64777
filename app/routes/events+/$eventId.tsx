import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getPublicEvent } from "~/modules/sales/events.server";
import { districtName } from "~/modules/districts/districts";
import { formatFen } from "~/utils/format";
import { invariantResponse } from "~/utils/responses.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("sales.events.title");

/** A public event: dates, place, organizer, approved producers, and sales at it as totals only (no buyer). */
export async function loader({ params }: LoaderFunctionArgs) {
  const event = await getPublicEvent(params.eventId ?? "");
  invariantResponse(event, 404);
  return { event };
}

export default function PublicEvent() {
  const { event } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <article>
      <div className="page-head">
        <h1>{event.title}</h1>
        <Link to="/events">{t("sales.events.back")}</Link>
      </div>
      <p>
        <span className="tag">{t(`sales.channels.${event.channel}`)}</span>
      </p>
      <dl className="dl">
        <dt>{t("sales.events.when")}</dt>
        <dd>{t("sales.events.dates", { from: event.startsOn, to: event.endsOn })}</dd>
        <dt>{t("sales.events.place")}</dt>
        <dd>
          {districtName(event.districtCode, locale)} · {event.place}
        </dd>
        <dt>{t("sales.events.organizer")}</dt>
        <dd>
          <Link to={`/orgs/${event.org.id}`}>{event.org.name}</Link>
        </dd>
        <dt>{t("sales.events.salesTotal")}</dt>
        <dd data-testid="event-sales">{event.sales.count ? `${formatFen(event.sales.amountFen, locale)}（${t("sales.events.salesCount", { n: event.sales.count })}）` : t("sales.events.noSales")}</dd>
      </dl>
      {event.description ? <p style={{ whiteSpace: "pre-line" }}>{event.description}</p> : null}
      <h2>{t("sales.events.producers")}</h2>
      {event.producers.length ? (
        <ul className="plain-list" data-testid="event-producers">
          {event.producers.map((p) => (
            <li key={p.id}>
              <Link to={`/producers/${p.id}`}>{p.name}</Link> <span className="muted small">{districtName(p.districtCode, locale)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("sales.events.noProducers")}</p>
      )}
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
