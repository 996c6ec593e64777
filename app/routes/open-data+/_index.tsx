import type { HeadersFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { dictionary } from "~/modules/open-data/publish";
import { LICENCE, OPEN_DATA_VERSION, ORG_COLUMNS, SMALL, STAT_COLUMNS, WITHHELD } from "~/modules/open-data/dictionary";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale, useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("opendata.title");

export const headers: HeadersFunction = () => ({ "Cache-Control": "public, max-age=3600" });

const DATASETS = [
  { key: "statistics", columns: STAT_COLUMNS },
  { key: "organizations", columns: ORG_COLUMNS },
] as const;

/** The data dictionary: public, the same for everyone. */
export async function loader() {
  return {
    version: OPEN_DATA_VERSION,
    licence: LICENCE,
    datasets: DATASETS.map((d) => ({ key: d.key, files: ["csv", "json"].map((f) => `/open-data/${OPEN_DATA_VERSION}/${d.key}.${f}`), dictionary: dictionary(d.columns) })),
  };
}

export default function OpenData() {
  const { version, licence, datasets } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const lang = locale === "en" ? "en" : "zh-CN";
  return (
    <div>
      <h1>{t("opendata.title")}</h1>
      <p>{t("opendata.intro")}</p>
      <p data-testid="licence">
        <a href={licence.url} rel="license">
          {t("opendata.licence")}
        </a>
      </p>
      <p className="muted">{t("opendata.version", { version })}</p>
      <h2>{t("opendata.downloads")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("opendata.dataset")}</th>
              <th scope="col">{t("opendata.formats")}</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <tr key={d.key}>
                <td>
                  <strong>{t(`opendata.datasets.${d.key}.title`)}</strong>
                  <br />
                  <span className="muted">{t(`opendata.datasets.${d.key}.desc`)}</span>
                </td>
                <td>
                  {d.files.map((f) => (
                    <div key={f}>
                      <a href={f}>{f}</a>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("opendata.formatNotes.title")}</h2>
      <ul>
        <li>{t("opendata.formatNotes.csv")}</li>
        <li>{t("opendata.formatNotes.json")}</li>
        <li>{t("opendata.formatNotes.money")}</li>
        <li>{t("opendata.formatNotes.cache")}</li>
      </ul>
      <h2>{t("opendata.suppressionTitle")}</h2>
      <ul data-testid="marks">
        <li data-mark={SMALL}>{t("opendata.marks.small")}</li>
        <li data-mark={WITHHELD}>{t("opendata.marks.withheld")}</li>
      </ul>
      {datasets.map((d) => (
        <section key={d.key} aria-labelledby={`dict-${d.key}`}>
          <h2 id={`dict-${d.key}`}>
            {t("opendata.dictionaryTitle")} · {t(`opendata.datasets.${d.key}.title`)}
          </h2>
          <div className="table-wrap">
            <table data-testid={`dictionary-${d.key}`}>
              <thead>
                <tr>
                  <th scope="col">{t("opendata.columnsHead.key")}</th>
                  <th scope="col">{t("opendata.columnsHead.hxl")}</th>
                  <th scope="col">{t("opendata.columnsHead.label")}</th>
                  <th scope="col">{t("opendata.columnsHead.labelEn")}</th>
                  <th scope="col">{t("opendata.columnsHead.desc")}</th>
                </tr>
              </thead>
              <tbody>
                {d.dictionary.map((c) => (
                  <tr key={c.key}>
                    <td>
                      <code>{c.key}</code>
                    </td>
                    <td>
                      <code>{c.hxl}</code>
                    </td>
                    <td lang="zh-CN">{c.label["zh-CN"]}</td>
                    <td lang="en">{c.label.en}</td>
                    <td>{c.description[lang]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
