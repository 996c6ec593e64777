/**
 * Reading back what the generated files carry, as a phone or a PDF reader would: the QR code in a PNG
 * (decoded with jsQR), and in a PDF the embedded images (rebuilt into PNG files from their raw
 * streams, then decoded the same way) and the link annotations.
 */
import { crc32 } from "node:zlib";
import { PNG } from "pngjs";
import jsQR from "jsqr";

/** The text of the QR code in a PNG image, or null when none is found. */
export function decodeQrPng(buf: Buffer): string | null {
  const png = PNG.sync.read(buf);
  const rgba = new Uint8ClampedArray(png.width * png.height * 4);
  // pngjs always hands back RGBA, whatever the file's colour type.
  rgba.set(png.data);
  return jsQR(rgba, png.width, png.height)?.data ?? null;
}

function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/**
 * The PDF's image XObjects drawn from PNG data (FlateDecode with PNG predictors, as pdfkit embeds a
 * PNG): the stream is the PNG's own compressed rows, so a PNG file is rebuilt around it.
 */
export function pdfImages(pdf: Buffer): Buffer[] {
  const text = pdf.toString("latin1");
  const out: Buffer[] = [];
  const re = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const dict = m[1]!;
    if (!/\/Subtype\s*\/Image/.test(dict) || !/\/Predictor\s+15/.test(dict)) continue;
    const num = (key: string) => Number(new RegExp(`/${key}\\s+(\\d+)`).exec(dict)?.[1]);
    const width = num("Width");
    const height = num("Height");
    const length = num("Length");
    const colors = num("Colors") || 1;
    const start = m.index + m[0].length;
    const data = pdf.subarray(start, start + length);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = num("BitsPerComponent") || 8;
    ihdr[9] = colors === 3 ? 2 : 0;
    out.push(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", data), chunk("IEND", Buffer.alloc(0))]));
  }
  return out;
}

/** The URIs of the PDF's link annotations. */
export function pdfLinks(pdf: Buffer): string[] {
  const text = pdf.toString("latin1");
  return [...text.matchAll(/\/URI\s*\(((?:\\.|[^\\)])*)\)/g)].map((m) => m[1]!.replace(/\\(.)/g, "$1"));
}
