const bench = {
  bare: {
    title: "基准页",
    body: "本页仅供性能基准测试（npm run bench）使用。",
  },
};

export default bench;
