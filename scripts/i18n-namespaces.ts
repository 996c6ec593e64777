/** `npx tsx scripts/i18n-namespaces.ts`: rewrites app/modules/i18n/route-namespaces.ts (see scripts/lib/i18n-namespaces.ts). */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { GENERATED, renderRouteNamespaces } from "./lib/i18n-namespaces";

const text = renderRouteNamespaces();
if (!existsSync(GENERATED) || readFileSync(GENERATED, "utf8") !== text) {
  writeFileSync(GENERATED, text);
  console.log(`Wrote ${GENERATED}`);
}
