// Consumption aid (消费扶贫): pledges. zh-CN is the source; en/pledges.ts has the same shape.
const pledges = {
  org: { tab: "采购单位" },
  title: "结对助销",
} as const;

export default pledges;
