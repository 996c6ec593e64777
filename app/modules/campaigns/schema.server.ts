/**
 * The campaigns schemas for loaders and actions. A route importing them from here keeps Zod out of its
 * browser bundle (the compiler drops .server modules from the client build, while a plain import kept
 * only for the loader would stay, with the schema library behind it).
 */
export * from "./schema";
