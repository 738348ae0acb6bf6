// An open-loop load generator: requests go out on a fixed schedule (evenly spaced at the offered rate) whether or not
// earlier ones have been answered, and each latency counts from the moment its request was due. autocannon's
// overallRate is not that: each connection sends its share of a second back to back as soon as the second starts, so
// every second begins with a burst on all connections; and it corrects for coordinated omission as if requests were due
// every millisecond on each connection, adding latencies no request had.
import { Agent, request } from 'node:http';

export interface OpenLoopResult {
  offered: number;
  /** Requests answered per second over the run. */
  answered: number;
  failed: number;
  /** Milliseconds from when each answered request was due until its response ended, sorted. */
  latencies: number[];
}

export interface OpenLoopOptions {
  url: string;
  path: string;
  headers: Record<string, string>;
  /** The body of the i-th request. */
  body: (i: number) => string;
  rate: number;
  seconds: number;
  /** Keep-alive connections to spread the requests over (requests beyond them wait in the agent, and that counts). */
  connections: number;
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let sent = 0;
  let settled = 0;
  let failed = 0;
  const start = performance.now();

  const send = (i: number, due: number, done: () => void) => {
    const body = options.body(i);
    const call = request(
      { agent, host: target.hostname, port: target.port, path: options.path, method: 'POST', headers: { ...options.headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode !== undefined && response.statusCode < 300) latencies.push(performance.now() - due);
          else failed++;
          done();
        });
      },
    );
    call.on('error', () => {
      failed++;
      done();
    });
    call.end(body);
  };

  await new Promise<void>((resolve) => {
    const finish = () => {
      settled++;
      if (settled === total) resolve();
    };
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) / 1000) * options.rate));
      for (; sent < due; sent++) send(sent, start + (sent / options.rate) * 1000, finish);
      if (sent === total) clearInterval(timer);
    }, 1);
  });
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return { offered: options.rate, answered: latencies.length / elapsed, failed, latencies: latencies.sort((a, b) => a - b) };
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
