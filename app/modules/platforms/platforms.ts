/**
 * The internet public-fundraising information platforms (慈善组织互联网公开募捐信息平台) the Ministry of
 * Civil Affairs designates under Charity Law art. 23, plus 慈善中国, the Ministry's own unified
 * platform. The list reflects the three designation batches: the first (August 2016, 13 platforms),
 * the second (May 2018, 9) and the third (民政部公告, 15 November 2021, 10: 字节跳动公益, 小米公益, 亲青公益,
 * 哔哩哔哩公益, 平安公益, 360公益, 中国移动公益, 芒果公益, 慈链公益, 携程公益). The Ministry's periodic
 * evaluations have since retired or renamed some (蚂蚁金服公益 now runs as 支付宝公益); the bureau should
 * check the current list at chinanpo.mca.gov.cn before relying on a code for a new campaign.
 *
 * `domains` are the hosts a campaign's link on that platform may point to (the host itself or any
 * subdomain). A platform whose public site we could not confirm has none: its campaigns carry the
 * platform's project id but no link, rather than a link we cannot check.
 */
export type Platform = { code: string; zh: string; en: string; domains: readonly string[]; batch: 0 | 1 | 2 | 3 };

export const PLATFORMS = [
  { code: "cishan", zh: "慈善中国", en: "Charity China (MCA)", domains: ["cishan.chinanpo.gov.cn", "chinanpo.mca.gov.cn"], batch: 0 },
  // First batch (2016)
  { code: "tencent", zh: "腾讯公益", en: "Tencent Charity", domains: ["gongyi.qq.com"], batch: 1 },
  { code: "taobao", zh: "淘宝公益", en: "Taobao Charity", domains: ["taobao.com"], batch: 1 },
  { code: "alipay", zh: "支付宝公益", en: "Alipay Charity", domains: ["alipay.com", "antgroup.com"], batch: 1 },
  { code: "weibo", zh: "新浪微公益", en: "Sina Weibo Charity", domains: ["gongyi.weibo.com", "weibo.com"], batch: 1 },
  { code: "jd", zh: "京东公益", en: "JD Charity", domains: ["gongyi.jd.com", "jd.com"], batch: 1 },
  { code: "baidu", zh: "百度公益", en: "Baidu Charity", domains: ["gongyi.baidu.com"], batch: 1 },
  { code: "gongyibao", zh: "公益宝", en: "Gongyibao", domains: ["gongyibao.cn"], batch: 1 },
  { code: "xinhua", zh: "新华公益", en: "Xinhua Charity", domains: ["xinhuanet.com", "news.cn"], batch: 1 },
  { code: "qingsong", zh: "轻松公益", en: "Qingsong Charity", domains: ["qschou.com"], batch: 1 },
  { code: "lianquan", zh: "联劝网", en: "Lianquan", domains: ["lianquan.org"], batch: 1 },
  { code: "guangyi", zh: "广益联募", en: "Guangzhou Charity Platform", domains: [], batch: 1 },
  { code: "foundationcenter", zh: "基金会中心网", en: "China Foundation Center", domains: ["foundationcenter.org.cn"], batch: 1 },
  // Second batch (2018)
  { code: "meituan", zh: "美团公益", en: "Meituan Charity", domains: ["meituan.com"], batch: 2 },
  { code: "didi", zh: "滴滴公益", en: "DiDi Charity", domains: ["didiglobal.com", "xiaojukeji.com"], batch: 2 },
  { code: "shanyuan", zh: "善源公益", en: "Shanyuan Charity", domains: [], batch: 2 },
  { code: "icbc", zh: "融e购公益", en: "ICBC e-Buy Charity", domains: ["icbc.com.cn"], batch: 2 },
  { code: "waterdrop", zh: "水滴公益", en: "Waterdrop Charity", domains: ["shuidigongyi.com", "shuidichou.com"], batch: 2 },
  { code: "suning", zh: "苏宁公益", en: "Suning Charity", domains: ["suning.com"], batch: 2 },
  { code: "bangbang", zh: "帮帮公益", en: "Bangbang Charity", domains: [], batch: 2 },
  { code: "yeepay", zh: "易宝公益", en: "YeePay Charity", domains: ["yeepay.com"], batch: 2 },
  { code: "shfp", zh: "中国社会扶贫网", en: "China Social Poverty Alleviation Network", domains: [], batch: 2 },
  // Third batch (2021)
  { code: "bytedance", zh: "字节跳动公益", en: "ByteDance Charity", domains: ["bytedance.com", "douyin.com"], batch: 3 },
  { code: "xiaomi", zh: "小米公益", en: "Xiaomi Charity", domains: ["mi.com"], batch: 3 },
  { code: "qinqing", zh: "亲青公益", en: "Qinqing Charity (CYDF)", domains: ["cydf.org.cn"], batch: 3 },
  { code: "bilibili", zh: "哔哩哔哩公益", en: "Bilibili Charity", domains: ["bilibili.com"], batch: 3 },
  { code: "pingan", zh: "平安公益", en: "Ping An Charity", domains: ["pingan.com"], batch: 3 },
  { code: "360", zh: "360公益", en: "360 Charity", domains: ["360.cn"], batch: 3 },
  { code: "chinamobile", zh: "中国移动公益", en: "China Mobile Charity", domains: ["10086.cn"], batch: 3 },
  { code: "mango", zh: "芒果公益", en: "Mango Charity", domains: ["mgtv.com"], batch: 3 },
  { code: "cilian", zh: "慈链公益", en: "Cilian Charity", domains: [], batch: 3 },
  { code: "ctrip", zh: "携程公益", en: "Trip.com Charity", domains: ["ctrip.com", "trip.com"], batch: 3 },
] as const satisfies readonly Platform[];

export type PlatformCode = (typeof PLATFORMS)[number]["code"];
export const PLATFORM_CODES = PLATFORMS.map((p) => p.code) as [PlatformCode, ...PlatformCode[]];

export const isPlatformCode = (v: unknown): v is PlatformCode => typeof v === "string" && (PLATFORM_CODES as readonly string[]).includes(v);
export const platformByCode = (code: string | null | undefined): Platform | null => PLATFORMS.find((p) => p.code === code) ?? null;
export const platformName = (code: string, locale: string) => {
  const p = platformByCode(code);
  return p ? (locale === "en" ? p.en : p.zh) : code;
};

/** Where an offline donation came from, as the ledger's `source` says it. */
export const platformSource = (code: string) => `platform:${code}`;
export const BANK_TRANSFER_SOURCE = "bank_transfer";

/**
 * A campaign's link on its platform: https only, on one of that platform's hosts. The reason when
 * it is not (an i18n key in the `platforms` namespace).
 */
export function checkPlatformUrl(code: string, raw: string): null | "urlInvalid" | "urlHttps" | "urlHost" | "urlUnverifiable" {
  const p = platformByCode(code);
  if (!p) return "urlInvalid";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "urlInvalid";
  }
  if (url.protocol !== "https:") return "urlHttps";
  if (url.username || url.password) return "urlInvalid";
  if (!p.domains.length) return "urlUnverifiable";
  const host = url.hostname.toLowerCase();
  return p.domains.some((d) => host === d || host.endsWith(`.${d}`)) ? null : "urlHost";
}
