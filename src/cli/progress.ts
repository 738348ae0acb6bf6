// A one-line progress indicator for terminals: lines done, rate, and a bar when the input size is known.
import type { Writable } from 'node:stream';

const REDRAW_MS = 200;

export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private count = 0;

  constructor(
    private readonly stream: Writable & { columns?: number },
    private readonly totalBytes?: number,
    private readonly bytesRead?: () => number,
  ) {}

  tick(count: number): void {
    this.count = count;
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.draw(now);
  }

  done(): void {
    if (this.lastDraw > 0) this.stream.write('\r\x1b[2K');
  }

  private draw(now: number): void {
    const rate = Math.round(this.count / Math.max((now - this.started) / 1000, 1e-3));
    let bar = '';
    if (this.totalBytes && this.bytesRead) {
      const fraction = Math.min(1, this.bytesRead() / this.totalBytes);
      const width = 30;
      const filled = Math.round(fraction * width);
      bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}% `;
    }
    this.stream.write(`\r\x1b[2K${bar}${this.count} lines, ${rate}/s`);
  }
}
