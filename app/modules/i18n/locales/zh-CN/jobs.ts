// Namespace "jobs": the background jobs page /staff/jobs (#16.1, pg-boss).
export default {
  title: "后台任务",
  intro: "定时任务和后台任务（搜索索引、消息发送、提醒、截止、退款重试、统计、清理等）在 PostgreSQL 队列中运行，失败会自动重试；用尽重试的任务进入死信队列，可在此重试。",
  notInstalled: "任务队列尚未启动：运行 npm start 或 npm run worker 后即会创建。",
  workersHere: "本进程运行任务处理程序。",
  workersElsewhere: "本进程只发送任务（JOBS_WORKER=off），由单独的 worker 进程处理。",
  queues: { title: "队列", name: "队列", queued: "排队中", active: "运行中", failed: "失败", none: "还没有队列。" },
  failures: { title: "最近的失败", queue: "任务", message: "错误信息", retries: "已重试", at: "时间", deadLetter: "死信（来自 {{queue}}）", retry: "重试", none: "没有失败的任务。" },
  schedules: { title: "定时计划（北京时间）", name: "任务", cron: "计划", lastRun: "最近一次运行", state: "状态", never: "尚未运行", none: "还没有定时计划。" },
  states: { created: "排队中", retry: "等待重试", active: "运行中", completed: "已完成", cancelled: "已取消", failed: "失败" },
  export: { link: "导出 Excel", at: "导出时间", jobId: "任务编号" },
  flash: { retried: "已重新排队：{{queue}}" },
  errors: { jobId: "任务编号无效。", queue: "队列名称无效。", notFound: "找不到这个任务。", notRetryable: "这个任务现在不能重试。" },
};
