/** `?page=` as Zod reads it (for schemas of list filters); route loaders use pageFrom (pagination.server.ts). */
import { z } from "zod";
import { MAX_PAGE } from "./pagination";

export const PageSchema = z.coerce
  .number()
  .int()
  .catch(1)
  .transform((n) => Math.min(Math.max(1, n), MAX_PAGE));
