// Namespace "site": demo mode and site-wide notices (#11.1).
export default {
  donate: {
    unavailable: "本站尚未开通在线捐款。如需捐款，请联系发起机构了解线下捐赠方式。",
    demo: "演示模式：捐款通过本地测试支付完成，不会真实扣款。",
  },
};
