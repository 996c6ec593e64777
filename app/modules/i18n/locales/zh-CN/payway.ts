// Namespace "payway": how a donor pays on this device: WeChat Pay (QR / H5 / JSAPI), Alipay, card (#14.1–3).
export default {
  title: "支付方式",
  choose: "支付方式",
  provider: {
    WECHAT_PAY: "微信支付",
    ALIPAY: "支付宝",
    STRIPE: "银行卡（Stripe）",
    OFFLINE: "线下转账",
  },
  simulated: "（模拟）",
  secure: "由你选择的支付机构完成付款，币种人民币（CNY）；本站不接触你的支付密码。",
  errors: {
    notOffered: "请从本页列出的支付方式中选择一种。",
  },
  standIn: {
    title: {
      WECHAT_PAY: "模拟微信支付",
      ALIPAY: "模拟支付宝",
      OFFLINE: "模拟支付",
    },
    intro: "本机构尚未接入{provider}，这是本地测试收银台，代替{provider}演示付款流程，不会产生真实扣款。点击“确认支付”模拟付款成功，捐款按{provider}记录。",
  },
  wechat: {
    title: "微信支付",
    for: "捐赠项目",
    amount: "支付金额",
    scan: "请打开微信，用“扫一扫”扫描下方二维码完成支付。",
    longPress: "长按下方二维码，选择“识别图中二维码”完成支付。",
    qrAlt: "微信支付二维码",
    waiting: "等待支付结果……支付完成后页面会自动跳转。",
    paid: "已收到付款，正在前往感谢页。",
    closed: "这笔支付已关闭或失败，没有扣款。请返回重新捐赠。",
    unavailable: "暂时无法显示支付二维码，请稍后刷新，或返回重新捐赠。",
    done: "我已完成支付",
    back: "返回项目",
  },
};
