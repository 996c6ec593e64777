import { makeT } from "~/modules/i18n/i18n";
import { districtName, districtShortName } from "~/modules/districts/districts";

/** Chinese labels of codes, written into documents so that 养老 finds ELDERLY listings. */
const zh = makeT("zh-CN");
export const label = (key: string) => {
  const v = zh(key);
  return v === key ? "" : v;
};

/** Both spellings of the district (黔江区, 黔江), so either finds the listing. */
export const districtWords = (code: string | null | undefined) => (code ? [...new Set([districtName(code, "zh-CN"), districtShortName(code)])].filter(Boolean) : []);

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
