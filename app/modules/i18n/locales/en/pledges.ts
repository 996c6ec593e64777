import type zh from "../zh-CN/pledges";
import type { LocaleShape } from "../../resources";

const en: LocaleShape<typeof zh> = {
  org: { tab: "Buying units" },
  title: "Paired purchasing",
};

export default en;
