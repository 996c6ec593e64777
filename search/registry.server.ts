import type { SearchKind } from "./types";
import type { SearchAdapter } from "./adapter";

/**
 * The port's registry of adapters. search/ knows no domain: each module that owns an indexed kind
 * writes app/modules/<domain>/search-adapter.server.ts, and app/modules/search-outbox/worker.server.ts
 * registers them all — every entry point that indexes or searches (the server's routes and
 * services, `npm run search:reindex`, tests) goes through that file.
 *
 * To index a new kind (products…): write the module's adapter, register it there, add the kind to
 * SEARCH_KINDS (search/types.ts) and call enqueueSearch(tx, "<kind>", id) wherever its public
 * fields or visibility change.
 */
const byKind = new Map<string, SearchAdapter>();

/** Registers (or, on a module reload, replaces) the adapter of its kind. */
export function registerSearchAdapter(adapter: SearchAdapter) {
  byKind.set(adapter.kind, adapter);
}

export const adapterFor = (kind: SearchKind | string) => byKind.get(kind);

/** The registered adapters, in registration order. */
export const searchAdapters = (): readonly SearchAdapter[] => [...byKind.values()];
