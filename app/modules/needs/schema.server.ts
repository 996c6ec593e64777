/** The needs schemas for loaders and actions, imported from here to keep Zod out of route bundles (see organizations/schema.server.ts). */
export * from "./schema";
