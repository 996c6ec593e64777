/**
 * The last step of `npm test`: reads what the app wrote while the suite ran (test-results/logs/*.log,
 * written through SHANLIAN_LOG_FILE — see test/support/setup.ts) and fails when it finds a resident
 * ID number (18 characters with a valid check digit and birth date), a mainland mobile number, or one
 * of the marker strings the fixtures put into help-request text. Personal data found here is fixed in
 * the logging, not in this scan.
 *
 *   npx tsx scripts/privacy-scan-logs.ts [dir]
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isValidIdNumber } from "../app/modules/accounts/id-number";
import { PRIVATE_TEXT_MARKERS } from "../test/fixtures/privacy-markers";

const dir = path.resolve(process.argv[2] ?? "test-results/logs");

export type Finding = { file: string; line: number; what: string; excerpt: string };

/** Digits not part of a longer run of digits or letters (ids, hashes and timestamps hold long runs). */
const ID_RE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_RE = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])/g;

export function scanText(text: string, file = "-"): Finding[] {
  const out: Finding[] = [];
  text.split("\n").forEach((line, i) => {
    const hit = (what: string, at: number) => out.push({ file, line: i + 1, what, excerpt: line.slice(Math.max(0, at - 40), at + 60) });
    for (const m of line.matchAll(ID_RE)) if (isValidIdNumber(m[0])) hit("ID number", m.index ?? 0);
    for (const m of line.matchAll(MOBILE_RE)) hit("mobile number", m.index ?? 0);
    for (const marker of PRIVATE_TEXT_MARKERS) {
      const at = line.indexOf(marker);
      if (at !== -1) hit(`help-request text (${marker})`, at);
    }
  });
  return out;
}

function main() {
  if (!existsSync(dir)) {
    console.log(`privacy scan of logs: no log directory ${dir} (nothing was logged)`);
    return 0;
  }
  const files = readdirSync(dir).filter((f) => f.endsWith(".log"));
  const findings = files.flatMap((f) => scanText(readFileSync(path.join(dir, f), "utf8"), f));
  if (findings.length) {
    console.error(`✖ privacy scan of logs: ${findings.length} finding(s) in ${dir}`);
    // The excerpt is shown masked: the scan must not print what it found either.
    for (const f of findings.slice(0, 50)) console.error(`  ${f.file}:${f.line} ${f.what}: ${f.excerpt.replace(/\d{4}(?=\d{4})/g, "****")}`);
    return 1;
  }
  console.log(`privacy scan of logs: ${files.length} log file(s), no ID number, mobile number or help-request text`);
  return 0;
}

process.exit(main());
