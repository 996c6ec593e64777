const disclosure = {
  title: "信息公开",
};

export default disclosure;
