// Namespace "privacy": private data and data ownership (#11.8–9).
export default {
  errors: {
    idNumberInText: "内容中含有身份证号。此处内容公开展示，请删除个人信息后再提交。",
    phoneInText: "内容中含有手机号。此处内容公开展示，请删除个人联系方式后再提交。",
    creditCodeTaken: "该统一社会信用代码已被登记。如有疑问，请联系登记管理机关。",
    notYours: "所选记录不属于本机构",
  },
  contact: {
    orgPhonePublic: "同意在机构主页上向所有访客公开完整联系电话",
    orgPhonePublicHint: "不勾选时，未登录访客看到的号码将隐去中间四位（如 138****5678）；本机构成员和主管部门工作人员始终可见完整号码。",
    projectPhonePublic: "同意在项目页面上向所有访客公开完整联系电话",
    projectPhonePublicHint: "不勾选时，访客看到的号码将隐去中间四位；本机构成员和主管部门工作人员始终可见完整号码。",
    masked: "号码已隐去部分数字",
  },
  donors: {
    anonymous: "匿名捐赠者",
  },
  roster: {
    phonesMasked: "手机号已隐去部分数字：仅机构负责人、管理员和协调员可查看完整号码。",
    exportWithPhones: "导出含完整手机号的名单",
    reason: "导出原因",
    reasonHint: "导出完整手机号将记入审计日志（仅记录原因，不记录号码）。",
    reasonRequired: "请填写导出原因（至少 4 个字）",
  },
};
