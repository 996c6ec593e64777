import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/reconcile";

const en: LocaleShape<typeof zh> = {
  title: "TODO",
};

export default en;
