import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/platforms";

const en: LocaleShape<typeof zh> = {
  title: "TODO",
};

export default en;
