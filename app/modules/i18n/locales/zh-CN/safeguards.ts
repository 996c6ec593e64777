const safeguards = {
  title: "募捐保障",
};

export default safeguards;
