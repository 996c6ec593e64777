import { describe, expect, it } from "vitest";
import { chooseWechatScene } from "./scene";

const WECHAT_IOS = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003133) NetType/WIFI Language/zh_CN";
const WECHAT_ANDROID = "Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1110005 MMWEBSDK/20231202 MMWEBID/2585 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64";
const WECHAT_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x6309092b) XWEB/8555";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const CHROME_DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

describe("chooseWechatScene", () => {
  it("pays through WeixinJSBridge (jsapi) inside WeChat, on a phone or in desktop WeChat", () => {
    expect(chooseWechatScene(WECHAT_IOS, true)).toBe("jsapi");
    expect(chooseWechatScene(WECHAT_ANDROID, true)).toBe("jsapi");
    expect(chooseWechatScene(WECHAT_WINDOWS, false)).toBe("jsapi");
  });

  it("redirects other mobile browsers to the H5 page", () => {
    expect(chooseWechatScene(SAFARI_IPHONE, true)).toBe("h5");
  });

  it("shows a QR code (native) on a desktop browser", () => {
    expect(chooseWechatScene(CHROME_DESKTOP, false)).toBe("native");
  });

  it("falls back on the device when there is no user agent", () => {
    expect(chooseWechatScene(null, true)).toBe("h5");
    expect(chooseWechatScene(undefined, false)).toBe("native");
    expect(chooseWechatScene("", false)).toBe("native");
  });
});
