import type zh from "../zh-CN/producers";
import type { LocaleShape } from "../../resources";

const en: LocaleShape<typeof zh> = {
  title: "Producers",
};

export default en;
