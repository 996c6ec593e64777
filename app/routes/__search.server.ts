// Route modules import the search service through this file: Remix empties `*.server` modules in
// the browser build only inside app/, and search/ lives beside app/ (it also serves scripts). It
// comes through the search-outbox module, which registers the domain's adapters with the port.
export { searchFromParams } from "~/modules/search-outbox/worker.server";
