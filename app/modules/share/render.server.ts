/**
 * Rendering kernel for generated files: SVG → PNG with resvg (a native renderer shipped as an npm
 * package) and PDF with pdfkit, both with the CJK font from fonts.server.ts and nothing from the
 * system, so the output is the same on every machine.
 */
import { Resvg } from "@resvg/resvg-js";
import PDFDocument from "pdfkit";
import { cjkFonts } from "./fonts.server";

export const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Rough advance of one character: full width for CJK and full-width forms, about half for Latin. */
function charWidth(ch: string, size: number) {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x2e80 || (cp >= 0x2000 && cp <= 0x206f)) return size;
  if (/[A-Z0-9@#%&mwMW]/.test(ch)) return size * 0.64;
  return size * 0.5;
}

export const textWidth = (s: string, size: number) => [...s].reduce((w, ch) => w + charWidth(ch, size), 0);

// Closing punctuation never starts a line (禁则): it stays on the line before, a little past the edge.
const NO_LINE_START = new Set([..."。，、；：？！）》」』】”’.,;:?!)"]);

/** Breaks text into lines that fit `maxWidth` (SVG has no wrapping); the last kept line ends in "…". */
export function wrapText(text: string, maxWidth: number, size: number, maxLines = 50) {
  // Tokens: one wide character each, or a run of Latin letters/digits (never split), or one space.
  const runs = text.replace(/\s+/g, " ").match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s/g) ?? [];
  // A run wider than the line itself (a long address) is split by character after all.
  const tokens = runs.flatMap((r) => (textWidth(r, size) > maxWidth ? [...r] : [r]));
  const lines: string[] = [];
  let line = "";
  for (const tok of tokens) {
    const fits = textWidth(line + tok, size) <= maxWidth;
    if (fits || !line || (tok.length === 1 && NO_LINE_START.has(tok))) line += tok;
    else {
      lines.push(line.trimEnd());
      line = tok === " " ? "" : tok;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = kept[maxLines - 1]!.slice(0, -1) + "…";
    return kept;
  }
  return lines;
}

type TextOpts = { size: number; weight?: "bold" | "normal"; fill?: string; anchor?: "start" | "middle" | "end" };

/** One `<text>` per line, `lineHeight` apart, starting with the baseline at y. */
export function svgLines(lines: string[], x: number, y: number, lineHeight: number, o: TextOpts) {
  return lines
    .map(
      (l, i) =>
        `<text x="${x}" y="${y + i * lineHeight}" font-size="${o.size}" font-weight="${o.weight ?? "normal"}" fill="${o.fill ?? "#1f2933"}" text-anchor="${o.anchor ?? "start"}">${escapeXml(l)}</text>`,
    )
    .join("");
}

export function svgDocument(width: number, height: number, body: string) {
  const { family } = cjkFonts();
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${family}">${body}</svg>`;
}

export function renderPng(svg: string): Buffer {
  const { regular, bold, family } = cjkFonts();
  const resvg = new Resvg(svg, { font: { fontFiles: [regular, bold], loadSystemFonts: false, defaultFontFamily: family }, background: "#ffffff" });
  return resvg.render().asPng();
}

/** A new A4 PDF document with the CJK font registered as "cjk" and "cjk-bold". */
export function newPdf(info: { Title: string; Subject?: string }) {
  const { regular, bold } = cjkFonts();
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { ...info, Creator: "Shanlian", Producer: "Shanlian" } });
  doc.registerFont("cjk", regular);
  doc.registerFont("cjk-bold", bold);
  doc.font("cjk");
  return doc;
}

/** Ends the document and collects its bytes. */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

/** A file download answer; `inline` lets a phone's browser (or WeChat) show the image directly. */
export function fileResponse(body: Buffer, type: "application/pdf" | "image/png", filename: string, inline = false) {
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": type,
      "Content-Length": String(body.length),
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${filename.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
