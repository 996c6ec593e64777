import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/payway";

const en: LocaleShape<typeof zh> = {
  title: "TODO",
};

export default en;
