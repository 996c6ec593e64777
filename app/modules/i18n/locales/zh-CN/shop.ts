// Consumption aid (消费扶贫): shop. zh-CN is the source; en/shop.ts has the same shape.
const shop = {
  title: "消费帮扶",
} as const;

export default shop;
