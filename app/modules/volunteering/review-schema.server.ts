/** The hours-review schemas for loaders and actions, imported from here to keep Zod out of route bundles (see schema.server.ts). */
export * from "./review-schema";
