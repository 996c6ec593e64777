/** The donor's device → the checkout that fits it (#14.3, donor side). Pure: User-Agent strings only. */
import { describe, expect, it } from "vitest";
import { alipaySceneFor, deviceKind, wechatSceneFor } from "~/modules/payments/device.server";

const UA = {
  desktopChrome: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  macSafari: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  iphoneSafari: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  androidChrome: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  huaweiBrowser: "Mozilla/5.0 (Phone; OpenHarmony 4.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile HuaweiBrowser/5.0.4.300",
  wechatIos: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN",
  wechatAndroid: "Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/1234 MicroMessenger/8.0.47.2560(0x28002F36) WeChat/arm64 Weixin NetType/5G Language/zh_CN ABI/arm64",
  wechatWindows: "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090a13) XWEB/8519 Flue",
};

describe("deviceKind", () => {
  it("tells WeChat's own browser, other phones and desktops apart", () => {
    expect(deviceKind(UA.desktopChrome)).toBe("desktop");
    expect(deviceKind(UA.macSafari)).toBe("desktop");
    expect(deviceKind(UA.iphoneSafari)).toBe("mobile");
    expect(deviceKind(UA.androidChrome)).toBe("mobile");
    expect(deviceKind(UA.huaweiBrowser)).toBe("mobile");
    expect(deviceKind(UA.wechatIos)).toBe("wechat");
    expect(deviceKind(UA.wechatAndroid)).toBe("wechat");
    expect(deviceKind(UA.wechatWindows)).toBe("wechat");
    // No User-Agent at all (a script, a privacy proxy): the QR page works everywhere.
    expect(deviceKind(null)).toBe("desktop");
    expect(deviceKind("")).toBe("desktop");
  });
});

describe("wechatSceneFor", () => {
  it("shows the QR code on a desktop and redirects other phone browsers to H5", () => {
    expect(wechatSceneFor(UA.desktopChrome)).toBe("native");
    expect(wechatSceneFor(UA.iphoneSafari)).toBe("h5");
    expect(wechatSceneFor(UA.androidChrome)).toBe("h5");
    expect(wechatSceneFor(undefined)).toBe("native");
  });

  it("inside WeChat pays by JSAPI only with the payer's openid, otherwise by the QR page (long press)", () => {
    expect(wechatSceneFor(UA.wechatIos)).toBe("native");
    expect(wechatSceneFor(UA.wechatAndroid, { openid: null })).toBe("native");
    expect(wechatSceneFor(UA.wechatIos, { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" })).toBe("jsapi");
    // An openid means nothing outside WeChat: WeixinJSBridge exists only there.
    expect(wechatSceneFor(UA.iphoneSafari, { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" })).toBe("h5");
    expect(wechatSceneFor(UA.desktopChrome, { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" })).toBe("native");
  });
});

describe("alipaySceneFor", () => {
  it("uses 电脑网站支付 on a desktop and 手机网站支付 on any phone", () => {
    expect(alipaySceneFor(UA.desktopChrome)).toBe("page");
    expect(alipaySceneFor(UA.macSafari)).toBe("page");
    expect(alipaySceneFor(UA.iphoneSafari)).toBe("wap");
    expect(alipaySceneFor(UA.huaweiBrowser)).toBe("wap");
    expect(alipaySceneFor(UA.wechatAndroid)).toBe("wap");
    expect(alipaySceneFor(null)).toBe("page");
  });
});
