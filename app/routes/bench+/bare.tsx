import { useT } from "~/modules/i18n/use-t";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { invariantResponse } from "~/utils/responses.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("bench.bare.title");

/** Like the public pages it is the baseline for, its render may be kept (app/utils/render-memo.server.ts). */
export const handle = { memoRender: true };

/**
 * The baseline of `npm run bench -- load` (test/bench/load.bench.ts): a tiny page with no loader
 * work, rendered through the same root, server and middleware as every other page. It exists only
 * when the server runs with BENCH_ROUTES=1; everywhere else it is a 404 like any unknown address.
 */
export function loader() {
  invariantResponse(process.env.BENCH_ROUTES === "1", 404);
  return null;
}

export default function BenchBare() {
  const t = useT();
  return (
    <div>
      <h1>{t("bench.bare.title")}</h1>
      <p className="muted">{t("bench.bare.body")}</p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
