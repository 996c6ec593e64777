// Namespace "hours": volunteer hours and certificates (#11.3, #11.4).
export default {
  errors: {
    selfAttendance: "不能为自己签到、签退或标记缺席，请由组织的其他负责人操作",
    selfConfirm: "不能确认自己的服务时长，请由组织的其他负责人确认",
    selfCorrect: "不能更正自己的服务记录（包括处理自己提出的异议），请由组织的其他负责人处理",
    orgSuspended: "组织已被暂停，暂停期间不能记录或更正志愿服务时长",
    orgRevoked: "组织已被撤销登记，不能记录或更正志愿服务时长",
    aboveSpan: "时长不能超过 {hours} 小时（签到至签退的时长，未签退按班次时长，另加 {tolerance} 分钟）",
    correctionRange: "时长须在 0–24 小时之间（0 表示未实际服务）",
    nothingCertifiable: "该期间没有可开具证明的记录：证明只包含由组织其他负责人确认、无异议、且组织未被暂停或撤销的服务记录",
    coordinatorOnly: "确认时长、签退和更正记录须由组织负责人、管理员或志愿协调员操作",
  },
  roster: {
    maxHint: "最多 {hours} 小时（签到至签退的时长，未签退按班次时长，另加 {tolerance} 分钟）",
    coordinatorOnly: "普通成员可以签到和标记缺席；签退与确认时长由负责人、管理员或志愿协调员操作。",
  },
  records: {
    correctHint: "0 表示未实际服务。更正后的时长不能超过签到至签退时长加 {tolerance} 分钟；已开具的证明会重新开具或撤销。",
    corrected: "服务记录已更正，{count} 份证明已重新开具或撤销",
  },
  certificates: {
    issueNote: "证明只包含由组织其他负责人确认的服务记录；被暂停或撤销登记的组织的记录不计入。",
    statuses: { VALID: "有效", SUPERSEDED: "已被取代", REVOKED: "已撤销" },
    superseded: "此证明已被更正后的证明取代（{date}），新证明验证码：{code}",
    revoked: "此证明已被撤销（{date}）",
  },
  verify: {
    superseded: "此证明已被更正后的证明取代",
    supersededSince: "{date} 起失效。新证明验证码：",
    revoked: "此证明已被撤销",
    revokedOn: "撤销日期：{date}",
  },
} as const;
