import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/national";

const en: LocaleShape<typeof zh> = {
  title: "National volunteer-system export",
};

export default en;
