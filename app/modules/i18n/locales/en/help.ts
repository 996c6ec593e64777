import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/help";

const en: LocaleShape<typeof zh> = {
  title: "Ask for help",
};

export default en;
