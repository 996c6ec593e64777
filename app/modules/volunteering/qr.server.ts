import QRCode from "qrcode";
import { getEnv } from "~/utils/env.server";

/**
 * Where a volunteer lands from the shift's QR code: the check-in page with the shift and the
 * current rotating code filled in (issue 15.1).
 */
export function checkInUrl(request: Request, shiftId: string, code: string) {
  const origin = getEnv().APP_URL ?? new URL(request.url).origin;
  return new URL(`/check-in?shift=${encodeURIComponent(shiftId)}&code=${encodeURIComponent(code)}`, origin).toString();
}

/**
 * The check-in QR code as inline SVG markup (generated here, so no third-party image service ever
 * sees the code). Scanning opens the volunteer's page with the code filled in; checking in still
 * takes their own signed-in click, so a photo of the code checks nobody in by itself.
 */
export function checkInQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#1f2933", light: "#ffffff" } });
}
