// Route modules import the search service through this file: Remix empties `*.server` modules in
// the browser build only inside app/, and search/ lives beside app/ (it also serves scripts).
export { searchFromParams } from "../../search/service.server";
