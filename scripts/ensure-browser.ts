/**
 * Makes sure the browser tests have a Chromium: Debian's package when present or installable (as
 * root), otherwise Playwright's own download where the network allows. Says what it did.
 */
import { spawnSync } from "node:child_process";
import { findChromium } from "../test/support/browser";

const found = findChromium();
if (found) {
  console.log(`[browser] Using Chromium at ${found}`);
  process.exit(0);
}
const isRoot = process.getuid?.() === 0;
if (isRoot && spawnSync("which", ["apt-get"]).status === 0) {
  console.log("[browser] No Chromium found; installing Debian's chromium package (apt-get install chromium)…");
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }) : update;
  if (install.status === 0 && findChromium()) {
    console.log(`[browser] Installed Chromium at ${findChromium()}`);
    process.exit(0);
  }
  console.log("[browser] apt-get could not install chromium.");
}
console.log("[browser] Trying Playwright's own Chromium download (npx playwright-core install chromium)…");
const pw = spawnSync("npx", ["--no-install", "playwright-core", "install", "chromium"], { stdio: "inherit" });
if (pw.status === 0 && findChromium()) {
  console.log(`[browser] Downloaded Chromium to ${findChromium()}`);
  process.exit(0);
}
console.error("[browser] No Chromium available: install one (e.g. `apt-get install chromium`) or set CHROMIUM_PATH. Browser tests cannot run.");
process.exit(1);
