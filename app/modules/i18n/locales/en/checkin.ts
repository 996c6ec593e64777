import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/checkin";

const en: LocaleShape<typeof zh> = {
  title: "Check-in and check-out",
};

export default en;
