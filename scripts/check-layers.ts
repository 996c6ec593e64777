/**
 * The layer rules (docs/decisions/010-layers.md), checked on every import of every .ts/.tsx file
 * under app/ and search/ — static, re-exports, dynamic `import()`, `import type` and
 * `typeof import()` alike:
 *
 * - `search/` and `app/utils/` import nothing from `app/modules/` except the kernel
 *   (`i18n/`, `districts/`), which every layer may use;
 * - `app/modules/` imports nothing from `app/components/` or `app/routes/`.
 *
 * `~/…` is `app/…` (tsconfig paths); relative paths are resolved against the importing file.
 * Run directly (`tsx scripts/check-layers.ts`) it prints the violations and exits 1 if there are any.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** Modules every layer may import: they know nothing of the domain. */
export const KERNEL_MODULES = ["i18n", "districts"] as const;

export type Violation = { file: string; line: number; specifier: string; target: string; rule: string };

/** The files to check: path relative to the root (with "/") → source text. */
export type SourceTree = Map<string, string>;

const SKIP_DIRS = new Set(["node_modules", "generated", "build", ".cache"]);

export function readTree(root: string, dirs: string[] = ["app", "search"]): SourceTree {
  const tree: SourceTree = new Map();
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    for (const name of readdirSync(abs)) {
      const childRel = `${rel}/${name}`;
      if (statSync(path.join(root, childRel)).isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(childRel);
      } else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts")) {
        tree.set(childRel, readFileSync(path.join(root, childRel), "utf8"));
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return tree;
}

/** Every module specifier the source imports, with its 1-based line. */
export function importsOf(fileName: string, source: string): { specifier: string; line: number }[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { specifier: string; line: number }[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) found.push({ specifier: node.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The import's target as a root-relative path ("app/modules/needs/x"), or null for packages. */
export function resolveSpecifier(fromFile: string, specifier: string): string | null {
  if (specifier.startsWith("~/")) return path.posix.normalize(`app/${specifier.slice(2)}`);
  if (specifier.startsWith("./") || specifier.startsWith("../")) return path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  return null;
}

function isUnder(file: string, dir: string) {
  return file === dir || file.startsWith(`${dir}/`);
}

function isDomainModule(target: string) {
  if (!isUnder(target, "app/modules")) return false;
  const name = target.split("/")[2];
  return !(KERNEL_MODULES as readonly string[]).includes(name ?? "");
}

/** The rule an import from `file` to `target` breaks, or null. */
export function ruleBroken(file: string, target: string): string | null {
  if ((isUnder(file, "search") || isUnder(file, "app/utils")) && isDomainModule(target)) {
    return `${isUnder(file, "search") ? "search/" : "app/utils/"} imports nothing from app/modules/ outside the kernel (${KERNEL_MODULES.join(", ")})`;
  }
  if (isUnder(file, "app/modules") && (isUnder(target, "app/components") || isUnder(target, "app/routes"))) {
    return "app/modules/ imports nothing from app/components/ or app/routes/";
  }
  return null;
}

export function checkLayers(tree: SourceTree): Violation[] {
  const violations: Violation[] = [];
  for (const [file, source] of [...tree].sort(([a], [b]) => a.localeCompare(b))) {
    for (const { specifier, line } of importsOf(file, source)) {
      const target = resolveSpecifier(file, specifier);
      if (!target) continue;
      const rule = ruleBroken(file, target);
      if (rule) violations.push({ file, line, specifier, target, rule });
    }
  }
  return violations;
}

export function formatViolation(v: Violation) {
  return `${v.file}:${v.line} imports "${v.specifier}" — ${v.rule}`;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const violations = checkLayers(readTree(root));
  if (violations.length > 0) {
    console.error(`✖ ${violations.length} import(s) cross the layers (docs/decisions/010-layers.md):`);
    for (const v of violations) console.error(`  ${formatViolation(v)}`);
    process.exit(1);
  }
  console.log("✔ Layers hold");
}
