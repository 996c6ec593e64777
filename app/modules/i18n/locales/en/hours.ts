import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/hours";

const en: LocaleShape<typeof zh> = {
  placeholder: "",
};
export default en;
