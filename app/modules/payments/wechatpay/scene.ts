/**
 * Which WeChat Pay product fits the donor's device. Pure, so a route loader (or a component) can
 * decide before any call to WeChat Pay:
 * - jsapi: inside WeChat's own browser (its user agent carries "MicroMessenger"), paid through
 *   WeixinJSBridge with the payer's openid;
 * - h5: any other mobile browser, redirected to WeChat Pay's H5 page, which opens the WeChat app;
 * - native: a desktop, shown a QR code the donor scans with the phone.
 */
export type WechatScene = "native" | "h5" | "jsapi";

export const WECHAT_SCENES: readonly WechatScene[] = ["native", "h5", "jsapi"];

export function chooseWechatScene(userAgent: string | null | undefined, isMobile: boolean): WechatScene {
  if (/MicroMessenger/i.test(userAgent ?? "")) return "jsapi";
  return isMobile ? "h5" : "native";
}
