// Group commit: callers submit work, and whatever arrives while a transaction is being written goes into the next one
// together. Under load one commit (one WAL flush) serves many requests, so durability does not cost a flush each.

interface Waiting<In> {
  input: In;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<In> {
  private queue: Waiting<In>[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  /**
   * @param write commits a group of inputs in one transaction; a failure fails every input of the group.
   * @param concurrency how many groups may be in flight (1 for PGlite, which runs one transaction at a time).
   * @param maxGroup the most a group may weigh (an input alone may weigh more).
   * @param weigh an input's weight: 1 each by default; a batch of posts weighs its length.
   */
  constructor(
    private readonly write: (inputs: In[]) => Promise<void>,
    private readonly concurrency = 1,
    private readonly maxGroup = 256,
    private readonly weigh: (input: In) => number = () => 1,
  ) {}

  /** Resolves once `input` is committed. */
  submit(input: In): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.drain();
    });
  }

  /** Resolves when nothing is queued or being written (for shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private drain(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      let count = 0;
      for (let weight = 0; count < this.queue.length; count++) {
        weight += this.weigh(this.queue[count].input);
        if (count > 0 && weight > this.maxGroup) break;
      }
      const group = this.queue.splice(0, count);
      this.running++;
      this.write(group.map((w) => w.input)).then(
        () => group.forEach((w) => w.resolve()),
        (error: unknown) => group.forEach((w) => w.reject(error)),
      ).finally(() => {
        this.running--;
        this.drain();
        if (this.running === 0 && this.queue.length === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
    }
  }
}
