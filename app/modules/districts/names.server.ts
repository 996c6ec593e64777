/**
 * District names for loaders: a page that only shows names gets them in its loader data, resolved in
 * the reader's locale, and its browser bundle carries no district table (#17.4, page weight).
 */
export { districtName } from "./districts";
