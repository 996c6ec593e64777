import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/freeze";

const en: LocaleShape<typeof zh> = {
  placeholder: "",
};
export default en;
