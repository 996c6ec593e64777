/**
 * Which checkout fits the donor's device, from the request's User-Agent alone (pure, so it is
 * decided before any call to a provider):
 * - inside WeChat's own browser ("MicroMessenger"): WeChat Pay JSAPI when the payer's openid is
 *   known, otherwise the Native QR page — long-pressing the code recognises it inside WeChat;
 * - any other phone browser: WeChat Pay H5 (a redirect to WeChat Pay's page, which opens the app)
 *   and Alipay 手机网站支付 (wap);
 * - a desktop: WeChat Pay Native (a QR code to scan with the phone) and Alipay 电脑网站支付 (page).
 */
import { chooseAlipayScene, type AlipayScene } from "./alipay/alipay.server";
import { chooseWechatScene, type WechatScene } from "./wechatpay/scene";

export type DeviceKind = "wechat" | "mobile" | "desktop";

const MOBILE = /Mobi|Android|iPhone|iPad|iPod|HarmonyOS|OpenHarmony|Windows Phone|webOS|BlackBerry|MicroMessenger/i;

export function deviceKind(userAgent: string | null | undefined): DeviceKind {
  const ua = userAgent ?? "";
  if (/MicroMessenger/i.test(ua)) return "wechat";
  return MOBILE.test(ua) ? "mobile" : "desktop";
}

/**
 * The WeChat Pay scene for this device. JSAPI needs the payer's openid under the merchant's AppID,
 * which only a WeChat OAuth sign-in gives; without one the QR page serves WeChat's browser too.
 */
export function wechatSceneFor(userAgent: string | null | undefined, opts: { openid?: string | null } = {}): WechatScene {
  const device = deviceKind(userAgent);
  const scene = chooseWechatScene(userAgent, device !== "desktop");
  return scene === "jsapi" && !opts.openid ? "native" : scene;
}

/** 手机网站支付 on any phone (WeChat's browser included), 电脑网站支付 on a desktop. */
export function alipaySceneFor(userAgent: string | null | undefined): AlipayScene {
  return chooseAlipayScene(deviceKind(userAgent) !== "desktop");
}
