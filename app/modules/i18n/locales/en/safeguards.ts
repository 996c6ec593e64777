import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/safeguards";

const en: LocaleShape<typeof zh> = {
  title: "Campaign safeguards",
};

export default en;
