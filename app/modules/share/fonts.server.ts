import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The CJK font used by every generated file (PDF and PNG). No CJK font is installed on the servers,
 * so it comes from an npm package: Noto Sans SC ("Noto Sans Hans", SIL OFL 1.1) as shipped by
 * @embedpdf/fonts-sc. Its package exports only a list of file names, so the files are found beside
 * the package's entry point.
 */
let cached: { regular: string; bold: string; family: string } | undefined;

export function cjkFonts() {
  if (cached) return cached;
  const entry = createRequire(import.meta.url).resolve("@embedpdf/fonts-sc");
  const dir = join(dirname(entry), "..", "fonts");
  const regular = join(dir, "NotoSansHans-Regular.otf");
  const bold = join(dir, "NotoSansHans-Bold.otf");
  if (!existsSync(regular) || !existsSync(bold)) throw new Error(`CJK font files not found in ${dir}: is @embedpdf/fonts-sc installed?`);
  cached = { regular, bold, family: "Noto Sans S Chinese" };
  return cached;
}
