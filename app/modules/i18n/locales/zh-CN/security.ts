// Namespace "security": accounts, redirects, bounded input (#11.5–7).
export default {
  accounts: {
    linkInvalid: "链接无效、已使用或已过期，请重新申请",
    forgot: {
      title: "找回密码",
      intro: "输入注册时使用的邮箱，我们会发送一个重置密码的链接（1 小时内有效，只能使用一次）。",
      submit: "发送重置链接",
      sent: "如果该邮箱已注册，重置链接已发送，请查收邮件。",
      link: "忘记密码？",
    },
    reset: { title: "设置新密码", submit: "保存新密码", done: "密码已重置，所有设备均已退出登录，请用新密码登录" },
    verify: {
      title: "验证邮箱",
      ok: "邮箱已验证，谢谢！",
      failed: "验证链接无效、已使用或已过期。登录后可在“我的账户”重新发送验证邮件。",
      status: "邮箱状态",
      verified: "已验证",
      notVerified: "未验证",
      resend: "重新发送验证邮件",
      resent: "如可发送，验证邮件已发出，请查收",
      continue: "进入我的账户",
    },
    verifyToAnswer: "请先验证您的邮箱，再处理组织邀请",
    invitationsNeedVerifiedEmail: "验证邮箱后，才能查看和处理发送到该邮箱的组织邀请。",
    idNotAccepted: "无法用这些信息完成实名登记。请核对姓名和身份证号；如确认无误，请联系民政工作人员。",
    mail: {
      verifyEmail: "请打开以下链接，验证您在善联使用的邮箱（24 小时内有效）：{link}",
      resetPassword: "请打开以下链接，重置您在善联的密码（1 小时内有效，只能使用一次）：{link}　如果不是您本人申请，请忽略本邮件。",
    },
  },
  input: {
    controlChars: "提交的内容含有不可见的控制字符（如空字符），请删除后重试。",
    badEncoding: "链接或表单的编码无效，请检查后重试。",
    tooLarge: "提交的内容太大，请缩小文件或减少内容后重试。",
    tooManyFiles: "一次上传的文件太多，请分次上传。",
    title: "无法处理此请求",
    goHome: "返回首页",
  },
};
