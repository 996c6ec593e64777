// Consumption aid (消费扶贫): the shop, products and orders. zh-CN is the source; en/shop.ts has the same shape.
const shop = {
  title: "消费帮扶",
  errors: {
    badQuantity: "数量必须是正整数",
    outOfStock: "库存不足，请减少数量或稍后再试",
  },
} as const;

export default shop;
