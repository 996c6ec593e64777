const messages = {
  subject: {
    volunteering: "【善联】志愿服务消息",
    donations: "【善联】捐赠消息",
    organization: "【善联】组织事务消息",
    security: "【善联】账户安全",
    verifyEmail: "【善联】请验证您的电子邮箱",
    resetPassword: "【善联】重设密码",
  },
  email: {
    greeting: "{name}，您好：",
    greetingNoName: "您好：",
    genericBody: "您在善联有一条新消息，请登录查看。",
    open: "查看详情",
    why: "您收到这封邮件，是因为您在善联开启了「{group}」类邮件通知。",
    unsubscribe: "退订此类邮件",
    preferences: "管理通知设置",
    securityNote: "这是账户安全邮件，无法退订。",
    signature: "善联 · 社会组织与志愿服务平台",
  },
  groups: {
    volunteering: "志愿服务",
    donations: "捐赠",
    organization: "组织事务",
    security: "账户安全",
  },
  groupHints: {
    volunteering: "报名确认、班次变动、服务前提醒、时长确认",
    donations: "捐赠到账、月捐提醒、票据、退款",
    organization: "组织邀请、需求对接、审核结果",
    security: "邮箱验证、重设密码（始终发送）",
  },
  prefs: {
    title: "通知设置",
    intro: "站内通知始终保留。您可以按类别选择是否同时通过电子邮件或短信接收。",
    group: "类别",
    email: "电子邮件",
    sms: "短信",
    smsHint: "短信只用于服务前提醒和班次变动，并且只发送到您实名资料中的手机号。",
    noPhone: "未填写手机号",
    always: "始终发送",
    saved: "通知设置已保存",
  },
  unsubscribe: {
    title: "退订邮件",
    confirm: "点击下方按钮后，您将不再收到「{group}」类邮件。站内通知不受影响。",
    button: "确认退订",
    done: "已退订「{group}」类邮件。您可以随时在通知设置中重新开启。",
    invalid: "退订链接无效或账号已不存在。",
    manage: "管理通知设置",
  },
};

export default messages;
