import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/payway";

const en: LocaleShape<typeof zh> = {
  title: "Payment method",
  choose: "Pay with",
  provider: {
    WECHAT_PAY: "WeChat Pay",
    ALIPAY: "Alipay",
    STRIPE: "Card (Stripe)",
    OFFLINE: "Bank transfer",
  },
  simulated: "(simulated)",
  secure: "The payment is made by the provider you choose, in Chinese yuan (CNY); this site never sees your payment password.",
  errors: {
    notOffered: "Choose one of the payment methods listed on this page.",
  },
  standIn: {
    title: {
      WECHAT_PAY: "Simulated WeChat Pay",
      ALIPAY: "Simulated Alipay",
      OFFLINE: "Simulated payment",
    },
    intro: "This organization has not connected {provider} yet. This local test checkout stands in for {provider} to show the flow; no real money moves. “Pay” simulates a successful payment, recorded as {provider}.",
  },
  wechat: {
    title: "WeChat Pay",
    for: "For",
    amount: "Amount",
    scan: "Open WeChat and scan the QR code below with “Scan” to pay.",
    longPress: "Long-press the QR code below and choose “Scan QR code in image” to pay.",
    qrAlt: "WeChat Pay QR code",
    waiting: "Waiting for the payment… this page moves on by itself once it is paid.",
    paid: "Payment received, taking you to the thank-you page.",
    closed: "This payment was closed or failed; nothing was charged. Please go back and give again.",
    unavailable: "The payment code cannot be shown right now. Refresh in a moment, or go back and give again.",
    done: "I have paid",
    back: "Back",
  },
};

export default en;
