import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/security";

const en: LocaleShape<typeof zh> = {
  placeholder: "",
};
export default en;
