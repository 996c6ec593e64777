import type zh from "../zh-CN/shop";
import type { LocaleShape } from "../../resources";

const en: LocaleShape<typeof zh> = {
  title: "Consumption aid",
};

export default en;
