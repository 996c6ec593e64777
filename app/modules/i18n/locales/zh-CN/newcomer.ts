// Namespace "newcomer": what a newcomer tripped over (#12.7).
export default {
  confirm: {
    title: "请确认",
    cancelShift: "确定要取消这个班次吗？",
    cancelProject: "确定要取消这个项目吗？所有未开始的班次都会被取消。",
    impact: "目前有 {signedUp} 人已报名、{waitlisted} 人在候补、{checkedIn} 人已签到。取消后会通知他们，且无法撤销。",
    noImpact: "目前没有人报名。取消后无法撤销。",
    yes: "确认取消",
    no: "返回，不取消",
  },
  form: {
    missionHint: "至少 {min} 个字",
    serviceAreasHint: "至少选择一项",
    shiftDateHint: "须在项目日期（{from} 至 {to}）之内；更早或更晚的班次请先修改项目日期",
  },
  cancelledShift: "班次已取消，签到码和二维码已失效。",
  signup: {
    continue: "您已完成实名登记，可以继续报名下面的班次：",
    continueButton: "继续报名",
    insideCutoff: "注意：此班次距开始已不足 {hours} 小时，报名后不能自行取消。",
    cutoffShort: "距开始不足 {hours} 小时，报名后不能取消",
    cannotCancel: "距开始不足 {hours} 小时，不能自行取消，如有特殊情况请联系组织",
  },
};
