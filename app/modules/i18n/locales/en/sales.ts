import type zh from "../zh-CN/sales";
import type { LocaleShape } from "../../resources";

const en: LocaleShape<typeof zh> = {
  org: { tab: "Offline sales" },
  title: "Offline sales",
};

export default en;
