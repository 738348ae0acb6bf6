// A background loop that sleeps until woken or until its poll interval passes, and stops cleanly: `stop()` lets the
// current round finish and resolves when the loop has exited.

export class WorkerLoop {
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private finished: Promise<void> | undefined;

  /**
   * @param round does one round of work; returns the milliseconds to sleep before the next (0: go on at once).
   * @param onError reports a failed round; the loop sleeps `errorDelayMs` and goes on.
   */
  constructor(
    private readonly round: () => Promise<number>,
    private readonly onError: (error: unknown) => void,
    private readonly errorDelayMs = 1000,
  ) {}

  start(): void {
    this.finished ??= this.run();
  }

  /** Ends the current sleep early. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.finished;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let delay: number;
      this.woken = false;
      try {
        delay = await this.round();
      } catch (error) {
        this.onError(error);
        delay = this.errorDelayMs;
      }
      if (delay > 0 && !this.stopping && !this.woken) await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.wakeUp = undefined;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
