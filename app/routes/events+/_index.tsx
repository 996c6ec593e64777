import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listPublicEvents } from "~/modules/sales/events.server";
import { EventFilterSchema } from "~/modules/sales/schema.server";
import { EVENT_CHANNELS } from "~/modules/sales/constants";
import { districtName } from "~/modules/districts/districts";
import { pageFrom } from "~/utils/pagination.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FilterSelect, districtOptions } from "~/components/filter-select";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("sales.events.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const filter = EventFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const lists = await listPublicEvents(filter, { upcoming: pageFrom(request, "upcomingPage"), past: pageFrom(request) });
  return { filter, ...lists };
}

type Row = Awaited<ReturnType<typeof loader>>["upcoming"]["rows"][number];

function EventCards({ rows }: { rows: Row[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul className="cards">
      {rows.map((e) => (
        <li key={e.id} className="card">
          <h3>
            <Link to={`/events/${e.id}`}>{e.title}</Link>
          </h3>
          <p>
            <span className="tag">{t(`sales.channels.${e.channel}`)}</span> {t("sales.events.dates", { from: e.startsOn, to: e.endsOn })}
          </p>
          <p className="muted">
            {districtName(e.districtCode, locale)} · {e.place}
          </p>
          <p className="muted small">
            {t("sales.events.organizer")}：{e.org.name} · {t("sales.events.producers")} {e.producerCount}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function PublicEvents() {
  const { filter, upcoming, past } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div>
      <div className="page-head">
        <h1>{t("sales.events.title")}</h1>
      </div>
      <p className="muted">{t("sales.events.intro")}</p>
      <Form method="get" className="filters" role="search">
        <FilterSelect id="events-district" name="district" label={t("sales.events.district")} allLabel={t("common.allDistricts")} value={filter.district} options={districtOptions(locale)} />
        <FilterSelect id="events-channel" name="channel" label={t("sales.events.channel")} allLabel={t("sales.events.allChannels")} value={filter.channel} options={EVENT_CHANNELS.map((c) => ({ value: c, label: t(`sales.channels.${c}`) }))} />
        <button type="submit">{t("sales.events.filter")}</button>
      </Form>
      <section aria-labelledby="events-upcoming" data-testid="events-upcoming">
        <h2 id="events-upcoming">{t("sales.events.upcoming")}</h2>
        {upcoming.rows.length ? <EventCards rows={upcoming.rows} /> : <p className="muted">{t("sales.events.empty")}</p>}
        <Pagination {...upcoming.pagination} param="upcomingPage" />
      </section>
      <section aria-labelledby="events-past" data-testid="events-past">
        <h2 id="events-past">{t("sales.events.past")}</h2>
        {past.rows.length ? <EventCards rows={past.rows} /> : <p className="muted">{t("sales.events.empty")}</p>}
        <Pagination {...past.pagination} />
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
