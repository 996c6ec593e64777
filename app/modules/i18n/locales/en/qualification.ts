import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/qualification";

const en: LocaleShape<typeof zh> = {
  placeholder: "",
};
export default en;
