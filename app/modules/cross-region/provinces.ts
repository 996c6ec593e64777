/**
 * The 31 provincial-level divisions of the mainland (GB/T 2260, first two digits of a division
 * code) with Chinese and English names, and the province of an organization read from its unified
 * social credit code (characters 3–8 are its registration authority's division code). Pure: no
 * database, usable by components.
 */
export const PROVINCES = [
  { code: "11", name: "北京市", nameEn: "Beijing" },
  { code: "12", name: "天津市", nameEn: "Tianjin" },
  { code: "13", name: "河北省", nameEn: "Hebei" },
  { code: "14", name: "山西省", nameEn: "Shanxi" },
  { code: "15", name: "内蒙古自治区", nameEn: "Inner Mongolia" },
  { code: "21", name: "辽宁省", nameEn: "Liaoning" },
  { code: "22", name: "吉林省", nameEn: "Jilin" },
  { code: "23", name: "黑龙江省", nameEn: "Heilongjiang" },
  { code: "31", name: "上海市", nameEn: "Shanghai" },
  { code: "32", name: "江苏省", nameEn: "Jiangsu" },
  { code: "33", name: "浙江省", nameEn: "Zhejiang" },
  { code: "34", name: "安徽省", nameEn: "Anhui" },
  { code: "35", name: "福建省", nameEn: "Fujian" },
  { code: "36", name: "江西省", nameEn: "Jiangxi" },
  { code: "37", name: "山东省", nameEn: "Shandong" },
  { code: "41", name: "河南省", nameEn: "Henan" },
  { code: "42", name: "湖北省", nameEn: "Hubei" },
  { code: "43", name: "湖南省", nameEn: "Hunan" },
  { code: "44", name: "广东省", nameEn: "Guangdong" },
  { code: "45", name: "广西壮族自治区", nameEn: "Guangxi" },
  { code: "46", name: "海南省", nameEn: "Hainan" },
  { code: "50", name: "重庆市", nameEn: "Chongqing" },
  { code: "51", name: "四川省", nameEn: "Sichuan" },
  { code: "52", name: "贵州省", nameEn: "Guizhou" },
  { code: "53", name: "云南省", nameEn: "Yunnan" },
  { code: "54", name: "西藏自治区", nameEn: "Tibet" },
  { code: "61", name: "陕西省", nameEn: "Shaanxi" },
  { code: "62", name: "甘肃省", nameEn: "Gansu" },
  { code: "63", name: "青海省", nameEn: "Qinghai" },
  { code: "64", name: "宁夏回族自治区", nameEn: "Ningxia" },
  { code: "65", name: "新疆维吾尔自治区", nameEn: "Xinjiang" },
] as const;

export type ProvinceCode = (typeof PROVINCES)[number]["code"];

/** Chongqing: organizations registered here are local, all others support from outside. */
export const HOME_PROVINCE = "50";

const BY_CODE = new Map<string, (typeof PROVINCES)[number]>(PROVINCES.map((p) => [p.code, p]));

export const isProvinceCode = (code: string): code is ProvinceCode => BY_CODE.has(code);

/** 山东省 / Shandong; the code itself when unknown. */
export function provinceName(code: string, locale = "zh-CN"): string {
  const p = BY_CODE.get(code);
  if (!p) return code;
  return locale === "en" ? p.nameEn : p.name;
}

/**
 * The province that registered an organization, from its credit code (characters 3–4), or null
 * when those digits are no province (e.g. 10, organizations registered by the Ministry).
 */
export function provinceOfCreditCode(creditCode: string): ProvinceCode | null {
  const code = creditCode.trim().toUpperCase().slice(2, 4);
  return isProvinceCode(code) ? code : null;
}

/** Registered in another province (the 外省支援 marking): a known province other than Chongqing. */
export function isFromOtherProvince(creditCode: string): boolean {
  const p = provinceOfCreditCode(creditCode);
  return p !== null && p !== HOME_PROVINCE;
}
