// Namespace "payway": how a donor pays on this device: WeChat Pay (QR / H5 / JSAPI), Alipay, card (#14.1–3).
export default {
  title: "TODO",
};
