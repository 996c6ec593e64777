import type { SearchKind } from "../types";
import type { SearchAdapter } from "./types";
import { organizationAdapter } from "./organization.server";
import { needAdapter } from "./need.server";
import { projectAdapter } from "./project.server";
import { campaignAdapter } from "./campaign.server";
import { fundAdapter } from "./fund.server";

/**
 * The indexed kinds. To index a new kind (products…): write search/adapters/<kind>.server.ts
 * implementing SearchAdapter, add it here, add the kind to SEARCH_KINDS (search/types.ts) and call
 * enqueueSearch(tx, "<kind>", id) wherever its public fields or visibility change.
 */
export const ADAPTERS: readonly SearchAdapter[] = [organizationAdapter, needAdapter, projectAdapter, campaignAdapter, fundAdapter];

const byKind = new Map<string, SearchAdapter>(ADAPTERS.map((a) => [a.kind, a]));
export const adapterFor = (kind: SearchKind | string) => byKind.get(kind);
