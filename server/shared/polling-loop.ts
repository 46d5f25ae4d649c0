import type { Logger } from "../logger.js";

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

  /** Runs the first round after `firstDelayMs` (a job that should not compete with start-up waits). */
  start(firstDelayMs = 0): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(firstDelayMs);
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

/** How a PollingJob runs: its name in the log, how long between rounds, and where failures go. */
export interface PollingJobOptions {
  /** Says which job failed a round (`the email worker`). */
  name: string;
  /** The wait after a round, and after a failed one. */
  pollMs: number;
  logger: Pick<Logger, "error">;
}

/**
 * A background job whose rounds run on a PollingLoop: by default a round is one `runOnce()`,
 * then a wait of `pollMs`. A failed round is logged and the next one comes after `pollMs`
 * too, so one bad round never stops the job. A subclass says what one run does, and
 * overrides `round()` only if it decides its own wait.
 */
export abstract class PollingJob {
  private readonly loop = new PollingLoop(async () => {
    try {
      return await this.round();
    } catch (error) {
      this.polling.logger.error({ err: error }, `${this.polling.name} failed a round`);
      return this.polling.pollMs;
    }
  });

  constructor(private readonly polling: PollingJobOptions) {}

  /** One run of the job's work (tests call it directly); what it resolves to is for them. */
  abstract runOnce(): Promise<unknown>;

  /** One round; resolves to the wait before the next. */
  protected async round(): Promise<number> {
    await this.runOnce();
    return this.polling.pollMs;
  }

  start(firstDelayMs = 0): void {
    this.loop.start(firstDelayMs);
  }

  /** Stops polling and waits for the round in progress, if any. */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
