import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/review";

const en: LocaleShape<typeof zh> = {
  title: "Hours review and notice",
};

export default en;
