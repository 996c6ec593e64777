// Small, exact patches to the server builds of Remix v2's router packages (run by `postinstall`,
// after `npm ci`; idempotent). Why (ADR 022): with 218 routes, every server request matched its
// URL three to four times, and each match flattened and ranked the whole route tree and compiled a
// regular expression for every route it tried — about a quarter of the app's CPU on a bare page
// (`BENCH_CPU_PROF=… npm run bench -- load`). The route tree is the same for every request of a
// build, so these patches keep, per tree, what was recomputed per request:
//   - @remix-run/router (CommonJS build, Node only): compiled route patterns (a pure function of
//     pattern, case sensitivity and `end`) and the flattened, ranked branches per routes array
//     (forgotten when a client router patches routes in, which is the only in-place change);
//   - @remix-run/react's RemixServer: the server route tree per build manifest (it was rebuilt for
//     every render, grouping 218 routes by parent);
//   - react-router-dom's createStaticRouter: the data routes per route tree.
// Behaviour is unchanged (the same functions, the same inputs, the same results). A package
// version whose text no longer matches is left as it is, with a warning: the site still works,
// only slower. The browser bundles are untouched (they use the packages' ES module builds).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

const MARK = "/* shanlian-patch:";

const patches = [
  {
    name: "router: compiled route patterns",
    file: "node_modules/@remix-run/router/dist/router.cjs.js",
    find: "function compilePath(path, caseSensitive, end) {",
    replace: `${MARK} compiled route patterns, kept (scripts/patch-deps.mjs) */
const compiledPaths = new Map();
function compilePath(path, caseSensitive, end) {
  let key = (caseSensitive ? "1" : "0") + (end === false ? "0" : "1") + path;
  let compiled = compiledPaths.get(key);
  if (!compiled) {
    compiled = compilePathUncached(path, caseSensitive, end);
    if (compiledPaths.size < 10000) compiledPaths.set(key, compiled);
  }
  return compiled;
}
function compilePathUncached(path, caseSensitive, end) {`,
  },
  {
    name: "router: ranked branches per routes array, indexed by first segment",
    file: "node_modules/@remix-run/router/dist/router.cjs.js",
    find: `  let branches = flattenRoutes(routes);
  rankRouteBranches(branches);
  let matches = null;
  let decoded = decodePath(pathname);`,
    replace: `  ${MARK} ranked branches, kept per routes array and indexed (scripts/patch-deps.mjs) */
  let ranked = rankedBranches.get(routes);
  if (!ranked) {
    let all = flattenRoutes(routes);
    rankRouteBranches(all);
    ranked = indexBranches(all);
    rankedBranches.set(routes, ranked);
  }
  let matches = null;
  let decoded = decodePath(pathname);
  let branches = allowPartial ? ranked.all : ranked.candidates(decoded);`,
  },
  {
    name: "router: ranked branches store, cleared when routes are patched in",
    file: "node_modules/@remix-run/router/dist/router.cjs.js",
    find: `function patchRoutesImpl(routeId, children, routesToUse, manifest, mapRouteProperties) {`,
    replace: `${MARK} ranked branches store and index (scripts/patch-deps.mjs) */
let rankedBranches = new WeakMap();
// A branch whose path starts with a static segment can only match a pathname whose first segment
// is that one (compilePath's pattern is "^/segment" then "/" or the end; case-insensitive unless
// the route says otherwise, so the index is lower-cased and only narrows): the candidates for a
// pathname are the branches under its first segment and those starting with a parameter or a
// splat, in their ranked order. The real match then runs over them as before.
function indexBranches(all) {
  let bySegment = new Map();
  let open = [];
  all.forEach((branch, i) => {
    let first = branch.path.split("/").find(s => s !== "") ?? "";
    if (first.startsWith(":") || first.includes("*") || first.endsWith("?")) open.push(i);
    else {
      let key = first.toLowerCase();
      if (!bySegment.has(key)) bySegment.set(key, []);
      bySegment.get(key).push(i);
    }
  });
  let merged = new Map();
  for (let [key, own] of bySegment) merged.set(key, [...own, ...open].sort((a, b) => a - b).map(i => all[i]));
  let openOnly = open.map(i => all[i]);
  return {
    all,
    candidates(decoded) {
      let first = (decoded.split("/").find(s => s !== "") ?? "").toLowerCase();
      return merged.get(first) ?? openOnly;
    }
  };
}
function patchRoutesImpl(routeId, children, routesToUse, manifest, mapRouteProperties) {
  // Routes change in place here: every kept ranking is forgotten.
  rankedBranches = new WeakMap();`,
  },
  {
    name: "remix: server routes per build manifest",
    file: "node_modules/@remix-run/react/dist/server.js",
    find: `  let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);`,
    replace: `  ${MARK} the server route tree, kept per build manifest (scripts/patch-deps.mjs) */
  let kept = serverRoutesByManifest.get(manifest.routes);
  if (!kept || kept.isSpaMode !== context.isSpaMode || kept.future !== context.future) {
    kept = { isSpaMode: context.isSpaMode, future: context.future, routes: routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode) };
    serverRoutesByManifest.set(manifest.routes, kept);
  }
  let routes$1 = kept.routes;`,
  },
  {
    name: "remix: server routes store",
    file: "node_modules/@remix-run/react/dist/server.js",
    find: `function RemixServer({`,
    replace: `${MARK} server routes store (scripts/patch-deps.mjs) */
const serverRoutesByManifest = new WeakMap();
function RemixServer({`,
  },
  {
    name: "react-router-dom: static data routes per route tree",
    file: "node_modules/react-router-dom/server.js",
    find: `  let manifest = {};
  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);`,
    replace: `  ${MARK} data routes, kept per route tree (scripts/patch-deps.mjs) */
  let converted = staticDataRoutes.get(routes);
  if (!converted) {
    let manifest = {};
    converted = { manifest, dataRoutes: router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest) };
    staticDataRoutes.set(routes, converted);
  }
  let { manifest, dataRoutes } = converted;`,
  },
  {
    name: "react-router-dom: static data routes store",
    file: "node_modules/react-router-dom/server.js",
    find: `function createStaticRouter(routes, context, opts = {}) {`,
    replace: `${MARK} static data routes store (scripts/patch-deps.mjs) */
const staticDataRoutes = new WeakMap();
function createStaticRouter(routes, context, opts = {}) {`,
  },
];

const root = path.resolve(import.meta.dirname, "..");
const texts = new Map();
let applied = 0;
let already = 0;
for (const p of patches) {
  const file = path.join(root, p.file);
  if (!existsSync(file)) {
    console.warn(`patch-deps: ${p.file} not found; "${p.name}" not applied`);
    continue;
  }
  let text = texts.get(file) ?? readFileSync(file, "utf8");
  if (text.includes(p.replace)) {
    already++;
  } else if (text.split(p.find).length === 2) {
    text = text.replace(p.find, () => p.replace);
    applied++;
  } else {
    console.warn(`patch-deps: "${p.name}" does not fit ${p.file} (package updated?); left as it is — correct, but slower`);
  }
  texts.set(file, text);
}
for (const [file, text] of texts) {
  if (readFileSync(file, "utf8") === text) continue;
  // A new file, renamed over the old one: node_modules trees that share files by hard link
  // (worktrees) keep their own copy.
  writeFileSync(`${file}.patching`, text);
  renameSync(`${file}.patching`, file);
}
console.log(`patch-deps: ${applied} applied, ${already} already in place, ${patches.length - applied - already} skipped`);
