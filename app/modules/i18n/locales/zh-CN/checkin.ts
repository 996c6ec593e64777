const checkin = {
  title: "签到签退",
};

export default checkin;
