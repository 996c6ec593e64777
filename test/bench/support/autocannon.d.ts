// The part of autocannon 8's API the load benchmark uses (the package ships no types).
declare module "autocannon" {
  type Histogram = { average: number; p50: number; p97_5: number; p99: number; max: number };
  type Result = { requests: Histogram; latency: Histogram; throughput: Histogram; non2xx: number; errors: number; timeouts: number; duration: number };
  type Options = { url: string; connections?: number; duration?: number; amount?: number; pipelining?: number; headers?: Record<string, string>; method?: string; body?: string };
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
