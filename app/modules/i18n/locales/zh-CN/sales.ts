// Consumption aid (消费扶贫): sales. zh-CN is the source; en/sales.ts has the same shape.
const sales = {
  org: { tab: "线下销售" },
  title: "线下销售",
} as const;

export default sales;
