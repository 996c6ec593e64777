const help = {
  title: "求助",
};

export default help;
