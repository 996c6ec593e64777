import { flatRoutes } from "remix-flat-routes";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Routes come from remix-flat-routes so that `+` folders can group them (org+/, staff+/, api+/).
  ignoredRouteFiles: ["**/*"],
  routes: async (defineRoutes) =>
    flatRoutes("routes", defineRoutes, {
      ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/__*.*", "**/*.css"],
    }),
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Every v3 flag the classic compiler supports, so a later move to React Router is mechanical.
  // (v3_routeConfig needs the Vite plugin.)
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
};
