// Consumption aid (消费扶贫): producers (供应主体). zh-CN is the source; en/producers.ts has the same shape.
const producers = {
  title: "供应主体",
  org: { tab: "供应主体" },
  workspace: { title: "供应主体工作台", overview: "概况", products: "产品", orders: "订单", payouts: "结算" },
  statuses: { SUBMITTED: "待推荐", RECOMMENDED: "已推荐待审核", RETURNED: "退回修改", APPROVED: "已认定", REJECTED: "未通过", SUSPENDED: "已暂停" },
} as const;

export default producers;
