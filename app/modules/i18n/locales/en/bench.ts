import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/bench";

const en: LocaleShape<typeof zh> = {
  bare: {
    title: "Baseline page",
    body: "This page exists only for the performance benchmarks (npm run bench).",
  },
};

export default en;
