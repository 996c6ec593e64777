/**
 * The 38 districts and counties of Chongqing (GB/T 2260), from shared/domain/districts.csv.
 * Reference data lives in code: it changes by law, not by users.
 */
export type DistrictKind = "district" | "county" | "autonomous_county";
export type District = { code: string; name: string; nameEn: string; kind: DistrictKind; keyPovertyCounty: boolean };

export const DISTRICTS: readonly District[] = [
  { code: "500101", name: "万州区", nameEn: "Wanzhou District", kind: "district", keyPovertyCounty: true },
  { code: "500102", name: "涪陵区", nameEn: "Fuling District", kind: "district", keyPovertyCounty: false },
  { code: "500103", name: "渝中区", nameEn: "Yuzhong District", kind: "district", keyPovertyCounty: false },
  { code: "500104", name: "大渡口区", nameEn: "Dadukou District", kind: "district", keyPovertyCounty: false },
  { code: "500105", name: "江北区", nameEn: "Jiangbei District", kind: "district", keyPovertyCounty: false },
  { code: "500106", name: "沙坪坝区", nameEn: "Shapingba District", kind: "district", keyPovertyCounty: false },
  { code: "500107", name: "九龙坡区", nameEn: "Jiulongpo District", kind: "district", keyPovertyCounty: false },
  { code: "500108", name: "南岸区", nameEn: "Nan'an District", kind: "district", keyPovertyCounty: false },
  { code: "500109", name: "北碚区", nameEn: "Beibei District", kind: "district", keyPovertyCounty: false },
  { code: "500110", name: "綦江区", nameEn: "Qijiang District", kind: "district", keyPovertyCounty: false },
  { code: "500111", name: "大足区", nameEn: "Dazu District", kind: "district", keyPovertyCounty: false },
  { code: "500112", name: "渝北区", nameEn: "Yubei District", kind: "district", keyPovertyCounty: false },
  { code: "500113", name: "巴南区", nameEn: "Banan District", kind: "district", keyPovertyCounty: false },
  { code: "500114", name: "黔江区", nameEn: "Qianjiang District", kind: "district", keyPovertyCounty: true },
  { code: "500115", name: "长寿区", nameEn: "Changshou District", kind: "district", keyPovertyCounty: false },
  { code: "500116", name: "江津区", nameEn: "Jiangjin District", kind: "district", keyPovertyCounty: false },
  { code: "500117", name: "合川区", nameEn: "Hechuan District", kind: "district", keyPovertyCounty: false },
  { code: "500118", name: "永川区", nameEn: "Yongchuan District", kind: "district", keyPovertyCounty: false },
  { code: "500119", name: "南川区", nameEn: "Nanchuan District", kind: "district", keyPovertyCounty: false },
  { code: "500120", name: "璧山区", nameEn: "Bishan District", kind: "district", keyPovertyCounty: false },
  { code: "500151", name: "铜梁区", nameEn: "Tongliang District", kind: "district", keyPovertyCounty: false },
  { code: "500152", name: "潼南区", nameEn: "Tongnan District", kind: "district", keyPovertyCounty: false },
  { code: "500153", name: "荣昌区", nameEn: "Rongchang District", kind: "district", keyPovertyCounty: false },
  { code: "500154", name: "开州区", nameEn: "Kaizhou District", kind: "district", keyPovertyCounty: true },
  { code: "500155", name: "梁平区", nameEn: "Liangping District", kind: "district", keyPovertyCounty: false },
  { code: "500156", name: "武隆区", nameEn: "Wulong District", kind: "district", keyPovertyCounty: true },
  { code: "500229", name: "城口县", nameEn: "Chengkou County", kind: "county", keyPovertyCounty: true },
  { code: "500230", name: "丰都县", nameEn: "Fengdu County", kind: "county", keyPovertyCounty: true },
  { code: "500231", name: "垫江县", nameEn: "Dianjiang County", kind: "county", keyPovertyCounty: false },
  { code: "500233", name: "忠县", nameEn: "Zhong County", kind: "county", keyPovertyCounty: false },
  { code: "500235", name: "云阳县", nameEn: "Yunyang County", kind: "county", keyPovertyCounty: true },
  { code: "500236", name: "奉节县", nameEn: "Fengjie County", kind: "county", keyPovertyCounty: true },
  { code: "500237", name: "巫山县", nameEn: "Wushan County", kind: "county", keyPovertyCounty: true },
  { code: "500238", name: "巫溪县", nameEn: "Wuxi County", kind: "county", keyPovertyCounty: true },
  { code: "500240", name: "石柱土家族自治县", nameEn: "Shizhu Tujia Autonomous County", kind: "autonomous_county", keyPovertyCounty: true },
  { code: "500241", name: "秀山土家族苗族自治县", nameEn: "Xiushan Tujia and Miao Autonomous County", kind: "autonomous_county", keyPovertyCounty: true },
  { code: "500242", name: "酉阳土家族苗族自治县", nameEn: "Youyang Tujia and Miao Autonomous County", kind: "autonomous_county", keyPovertyCounty: true },
  { code: "500243", name: "彭水苗族土家族自治县", nameEn: "Pengshui Miao and Tujia Autonomous County", kind: "autonomous_county", keyPovertyCounty: true },
];

export const DISTRICT_CODES = DISTRICTS.map((d) => d.code) as [string, ...string[]];
const byCode = new Map(DISTRICTS.map((d) => [d.code, d]));

export const getDistrict = (code: string | null | undefined) => (code ? byCode.get(code) : undefined);
export const isDistrictCode = (code: unknown): code is string => typeof code === "string" && byCode.has(code);

export function districtName(code: string | null | undefined, locale: string = "zh-CN") {
  const d = getDistrict(code);
  if (!d) return code ?? "";
  return locale.startsWith("zh") ? d.name : d.nameEn;
}

/** Short name used in free-text search and summaries: 黔江区 → 黔江, 石柱土家族自治县 → 石柱. */
export function districtShortName(code: string): string {
  const d = getDistrict(code);
  if (!d) return code;
  return d.name.replace(/(土家族|苗族)+自治县$/, "").replace(/[区县]$/, "");
}
