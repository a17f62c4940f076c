// The part of autocannon's API the benchmarks use (autocannon ships no types).

declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds to run (default 10), unless `amount` is given. */
      duration?: number;
      /** Requests to make, instead of a duration. */
      amount?: number;
      headers?: Record<string, string>;
    }

    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      p50: number;
      p90: number;
      p99: number;
    }

    interface Result {
      url: string;
      /** Per second; `total`: requests answered in the run. */
      requests: Histogram & { total: number };
      /** In milliseconds. */
      latency: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;

  export = autocannon;
}
