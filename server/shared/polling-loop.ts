/**
 * Runs a background round on a timer until stopped; each round says how long to wait before
 * the next (0 to go on at once). The timer never keeps the process alive, and stop() waits
 * for the round in progress, so a shutdown never cuts one short. A round handles its own
 * errors: the loop stops rescheduling if one escapes.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(private readonly round: () => Promise<number>) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round().then((nextDelayMs) => this.schedule(nextDelayMs));
    }, delayMs);
    this.timer.unref();
  }
}

/**
 * A background job whose rounds run on a PollingLoop. A failed round is reported to `failed`
 * and the next one comes after `retryMs`, so one bad round never stops the job; a subclass
 * says only what a round does and how long to wait after it.
 */
export abstract class PollingJob {
  private readonly loop = new PollingLoop(async () => {
    try {
      return await this.round();
    } catch (error) {
      this.failed(error);
      return this.retryMs;
    }
  });

  /** One round; resolves to the wait before the next. */
  protected abstract round(): Promise<number>;
  protected abstract failed(error: unknown): void;
  protected abstract get retryMs(): number;

  start(): void {
    this.loop.start();
  }

  /** Stops polling and waits for the round in progress, if any. */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
