import { describe, expect, it } from 'vitest';
import { parseWrk, wrkMs } from '../../bench/wrk-load.js';

// wrk 4.1's `--latency` report, as it printed it for the cluster benchmark (two workers, 100k releases)
const REPORT = `Running 10s test @ http://127.0.0.1:3224
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   117.37ms  263.94ms   1.91s    92.00%
    Req/Sec   819.77      0.96k    3.13k    77.36%
  Latency Distribution
     50%    6.80ms
     75%   11.12ms
     90%  850.00us
     99%    1.46s
  39452 requests in 10.00s, 242.31MB read
  Socket errors: connect 0, read 1, write 0, timeout 13
  Non-2xx or 3xx responses: 2
Requests/sec:   3945.12
Transfer/sec:     24.23MB
`;

describe('the wrk load generator', () => {
  it('reads latencies in each unit wrk prints', () => {
    expect(wrkMs('850.00us')).toBeCloseTo(0.85);
    expect(wrkMs('6.80ms')).toBeCloseTo(6.8);
    expect(wrkMs('1.46s')).toBeCloseTo(1460);
    expect(wrkMs('2.00m')).toBeCloseTo(120_000);
    expect(wrkMs('fast')).toBeNaN();
  });

  it('reads the rate, percentiles, total and every kind of error from its report', () => {
    expect(parseWrk(REPORT)).toEqual({ rps: 3945, p50Ms: 6.8, p99Ms: 1460, errors: 16, total: 39452 });
  });

  it('counts no errors when wrk reports none', () => {
    const clean = REPORT.replace(/ {2}Socket errors.*\n/, '').replace(/ {2}Non-2xx.*\n/, '');
    expect(parseWrk(clean).errors).toBe(0);
  });
});
