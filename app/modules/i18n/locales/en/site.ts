import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/site";

const en: LocaleShape<typeof zh> = {
  donate: {
    unavailable: "Online donations are not available on this site yet. To donate, please ask the organization about giving offline.",
    demo: "Demo mode: donations go through a local test checkout; no money is charged.",
  },
};
export default en;
