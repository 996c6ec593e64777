/**
 * Where the domain meets the search port: registers every module's search adapter with the port's
 * registry, then offers the worker and the search service. Everything that indexes or searches
 * imports them from here (routes, services, `npm run search:reindex`, `npm start`, tests), so
 * whichever module graph runs — the server build or a script — has all adapters registered.
 * search/ itself imports no domain module (docs/decisions/010-layers.md).
 */
import { registerSearchAdapter, searchAdapters } from "../../../search/registry.server";
import { organizationAdapter } from "~/modules/organizations/search-adapter.server";
import { needAdapter } from "~/modules/needs/search-adapter.server";
import { projectAdapter } from "~/modules/volunteering/search-adapter.server";
import { campaignAdapter } from "~/modules/campaigns/search-adapter.server";
import { fundAdapter } from "~/modules/funds/search-adapter.server";
import { productAdapter } from "~/modules/products/search-adapter.server";
import { redacting } from "./redact.server";
import { kickQueue } from "~/modules/jobs/runtime.server";
import { kickSearchOutbox as drainInProcess } from "../../../search/outbox-worker.server";

// Every adapter is wrapped by `redacting`: no phone or ID number reaches the index, whatever the record holds.
for (const adapter of [organizationAdapter, needAdapter, projectAdapter, campaignAdapter, fundAdapter, productAdapter]) registerSearchAdapter(redacting(adapter));

export { searchAdapters };
export { adapterFor } from "../../../search/registry.server";
export {
  MAX_ATTEMPTS,
  catchUpSearchIndex,
  drainSearchOutbox,
  processSearchOutbox,
  stuckSearchOutbox,
  type OutboxRun,
} from "../../../search/outbox-worker.server";
export { searchFromParams } from "../../../search/service.server";

/**
 * Call after a commit that wrote the search outbox: asks the `search-index` job for a run (any
 * worker process takes it), or, in a process without the job queue (scripts, tests), drains here.
 */
export function kickSearchOutbox(): Promise<unknown> {
  if (kickQueue("search-index", { afterSeconds: 0 })) return Promise.resolve();
  return drainInProcess();
}
