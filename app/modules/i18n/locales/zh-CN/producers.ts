// Consumption aid (消费扶贫): producers. zh-CN is the source; en/producers.ts has the same shape.
const producers = {
  title: "供应主体",
} as const;

export default producers;
