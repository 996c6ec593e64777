const mydata = {
  title: "我的数据",
};

export default mydata;
