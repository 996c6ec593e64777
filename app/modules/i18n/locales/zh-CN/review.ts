const review = {
  title: "时长审核与公示",
};

export default review;
