import QRCode from "qrcode";
import { PNG } from "pngjs";

/** The QR code's dark modules, row by row (medium error correction, as the check-in codes use). */
export function qrModules(text: string) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const dark = (x: number, y: number) => qr.modules.data[y * size + x] === 1;
  return { size, dark };
}

/**
 * The QR code as one SVG path (one square per dark module) placed at (x, y) with the given width,
 * on a white square that includes the four-module quiet zone the standard asks for.
 */
export function qrSvg(text: string, x: number, y: number, width: number) {
  const { size, dark } = qrModules(text);
  const total = size + 8;
  const m = width / total;
  let d = "";
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) if (dark(c, r)) d += `M${(x + (c + 4) * m).toFixed(2)} ${(y + (r + 4) * m).toFixed(2)}h${m.toFixed(2)}v${m.toFixed(2)}h-${m.toFixed(2)}z`;
  return `<rect x="${x}" y="${y}" width="${width}" height="${width}" fill="#ffffff"/><path d="${d}" fill="#111111" shape-rendering="crispEdges"/>`;
}

/** The QR code as a grayscale PNG (no alpha, so PDF viewers and decoders read it as drawn). */
export function qrPng(text: string, scale = 8) {
  const { size, dark } = qrModules(text);
  const side = (size + 8) * scale;
  const png = new PNG({ width: side, height: side, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  const data = Buffer.alloc(side * side, 255);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (dark(c, r)) for (let dy = 0; dy < scale; dy++) data.fill(0, ((r + 4) * scale + dy) * side + (c + 4) * scale, ((r + 4) * scale + dy) * side + (c + 5) * scale);
  png.data = data;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
