const national = {
  title: "全国志愿服务信息系统导出",
};

export default national;
