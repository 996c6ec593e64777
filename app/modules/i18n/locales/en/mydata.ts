import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/mydata";

const en: LocaleShape<typeof zh> = {
  title: "My data",
};

export default en;
