import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/disclosure";

const en: LocaleShape<typeof zh> = {
  title: "Disclosure",
};

export default en;
