import type { PrismaClient } from "~/generated/prisma/client";
import type { SearchDocument, SearchKind } from "./types";

/**
 * One adapter per indexed kind: which records are public (and so indexed), and record → document.
 * Documents carry public listing text only — never names of beneficiaries or volunteers, phone
 * numbers, addresses of people, ID numbers or medical details.
 */
export interface SearchAdapter {
  readonly kind: SearchKind;
  /** Documents for the ids that are public; an id missing from the map is removed from the index. */
  load(db: PrismaClient, ids: string[]): Promise<Map<string, SearchDocument>>;
  /** Public ids in id order, a page at a time (reindex). */
  publicIds(db: PrismaClient, after: string | null, take: number): Promise<string[]>;
}
