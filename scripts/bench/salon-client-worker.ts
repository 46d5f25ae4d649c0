/**
 * A client process of `npm run bench:salon` (forked by scripts/bench/salon.ts): opens its
 * share of the socket.io-client connections, joins the salon (or the bare server's room),
 * and for its active clients sends chat messages, questions and votes at a fixed rate.
 * Every socket records when each event arrives; each active client recognises its own
 * events (their text, or its vote) and records when it sent them, so the parent can compute
 * delivery latency per (event, client) on one clock.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { Rng } from "../demo-data/prng.js";

export type BenchProtocol = "salon" | "bare";

export type BenchAction =
  { kind: "chat"; text: string } | { kind: "ask"; text: string } | { kind: "vote"; questionId: number };

export interface BenchActor {
  index: number;
  userId: number;
  name: string;
  /** An API token (the salon); the bare server takes the id and name as they are. */
  token: string;
}

export interface WorkerPlan {
  protocol: BenchProtocol;
  baseUrl: string;
  salonId: number;
  /** One entry per connection: an active client's account, or null for a listener. */
  sockets: (BenchActor | null)[];
  /** Time between two actions of one active client. */
  intervalMs: number;
  /** Active clients across every worker (their indexes spread them evenly over one interval). */
  activeCount: number;
  durationMs: number;
  /** After the last action, how long to keep listening for deliveries. */
  drainMs: number;
  seed: number;
}

export type ParentMessage = { type: "plan"; plan: WorkerPlan } | { type: "go"; startAt: number } | { type: "exit" };

export interface WorkerResult {
  /** [seq, sent at] for every event an active client here recognised as its own. */
  sent: [number, number][];
  /** Flattened [seq, received at, seq, received at, …] over every socket here. */
  received: number[];
  actions: number;
  refused: Record<string, number>;
  loopDelayP99Ms: number;
}

export type WorkerMessage =
  { type: "ready"; connected: number } | { type: "result"; result: WorkerResult } | { type: "failed"; error: string };

interface WireEvent {
  seq: number;
  type: string;
  payload: {
    text?: string;
    userId?: number | null;
    questionId?: number;
    question?: { id: number; text: string | null; author: { userId: number } | null };
  };
}

/** Real-sounding text of fixed sizes; the marker makes each one unique (and recognisable by its sender). */
const chatLines = [
  "硫化物电解质的界面稳定性确实是关键，我们组最近也在看这个问题。",
  "补充一点：高镍正极和硫化物之间的副反应在高电压下会明显加剧。",
  "这个思路很有意思，请问有没有考虑过成本和量产工艺的约束？",
];
const questionLines = [
  "请问在空气中处理硫化物电解质时，如何控制硫化氢的释放？工程上有没有成熟的防护方案可以参考？",
  "固态电池的界面阻抗随循环次数增加的机理是什么？有没有可靠的原位表征手段来观察这一过程？",
  "如果要把实验室的工艺放大到中试线，您认为最大的瓶颈在材料、设备还是质量控制环节？",
];

const now = () => performance.timeOrigin + performance.now();

function send(message: WorkerMessage): void {
  process.send!(message);
}

function connect(plan: WorkerPlan, actor: BenchActor | null): Promise<Socket> {
  const namespace = plan.protocol === "salon" ? "/salons" : "/bare";
  const auth =
    actor === null
      ? {}
      : plan.protocol === "salon"
        ? { token: actor.token }
        : { userId: actor.userId, name: actor.name };
  const socket = io(`${plan.baseUrl}${namespace}`, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

async function join(plan: WorkerPlan, socket: Socket): Promise<void> {
  const ack = (await socket
    .timeout(30_000)
    .emitWithAck(plan.protocol === "salon" ? "salon:join" : "join", { salonId: plan.salonId })) as { ok: boolean };
  if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
}

/** One active client: decides its next action, sends it, and spots its own events coming back. */
class ActiveClient {
  private readonly rng: Rng;
  private counter = 0;
  private readonly pendingTexts = new Map<string, number>();
  private readonly pendingVotes = new Map<number, number>();
  private readonly voted = new Set<number>();
  private readonly asks: number[] = [];

  constructor(
    private readonly plan: WorkerPlan,
    readonly actor: BenchActor,
    private readonly socket: Socket,
    private readonly questions: Map<number, number>,
    private readonly result: WorkerResult,
  ) {
    this.rng = new Rng(plan.seed ^ Math.imul(actor.index + 1, 0x9e3779b1));
  }

  /** Called for every event this client's socket receives. */
  observe(event: WireEvent): void {
    const text = event.payload.text ?? event.payload.question?.text;
    let sentAt: number | undefined;
    if (text != null && this.pendingTexts.has(text)) {
      sentAt = this.pendingTexts.get(text);
      this.pendingTexts.delete(text);
    } else if (event.type === "question.voted" && event.payload.userId === this.actor.userId) {
      sentAt = this.pendingVotes.get(event.payload.questionId!);
      this.pendingVotes.delete(event.payload.questionId!);
    }
    if (sentAt !== undefined) this.result.sent.push([event.seq, sentAt]);
  }

  private next(sentAt: number): BenchAction {
    const marker = `〔${this.actor.index}-${++this.counter}〕`;
    const roll = this.rng.next();
    // The salon allows 3 questions per 30 s per person: stay inside it.
    const recentAsks = this.asks.filter((t) => sentAt - t < 30_000).length;
    if (roll < 0.3) {
      const votable = [...this.questions].filter(([id, author]) => author !== this.actor.userId && !this.voted.has(id));
      if (votable.length > 0) return { kind: "vote", questionId: this.rng.pick(votable)[0] };
    }
    if (roll >= 0.8 && recentAsks < 2) {
      this.asks.push(sentAt);
      return { kind: "ask", text: `${this.rng.pick(questionLines)}${marker}` };
    }
    return { kind: "chat", text: `${this.rng.pick(chatLines)}${marker}` };
  }

  async act(): Promise<void> {
    const sentAt = now();
    const action = this.next(sentAt);
    if (action.kind === "vote") {
      this.voted.add(action.questionId);
      this.pendingVotes.set(action.questionId, sentAt);
    } else {
      this.pendingTexts.set(action.text, sentAt);
    }
    this.result.actions += 1;
    // Unique per run (the warm-up uses another seed): a reused id would be answered as a retry.
    const clientMutationId = `bench-${this.plan.seed}-${this.actor.index}-${this.counter}`;
    const [event, payload] =
      this.plan.protocol === "bare"
        ? ["action", action]
        : action.kind === "chat"
          ? ["chat:send", { salonId: this.plan.salonId, clientMutationId, text: action.text }]
          : action.kind === "ask"
            ? ["question:ask", { salonId: this.plan.salonId, clientMutationId, text: action.text }]
            : ["question:vote", { salonId: this.plan.salonId, clientMutationId, questionId: action.questionId }];
    try {
      const ack = (await this.socket.timeout(30_000).emitWithAck(event, payload)) as {
        ok: boolean;
        error?: { code: string };
      };
      if (!ack.ok) this.result.refused[ack.error!.code] = (this.result.refused[ack.error!.code] ?? 0) + 1;
    } catch {
      this.result.refused.timeout = (this.result.refused.timeout ?? 0) + 1;
    }
  }
}

async function run(plan: WorkerPlan): Promise<void> {
  const result: WorkerResult = { sent: [], received: [], actions: 0, refused: {}, loopDelayP99Ms: 0 };
  const questions = new Map<number, number>(); // id → author's user id, as the events tell
  let recording = false;
  const sockets: Socket[] = [];
  const actives: ActiveClient[] = [];
  // Connect in small batches: 2,000 handshakes at once would measure the accept queue.
  for (let start = 0; start < plan.sockets.length; start += 50) {
    const batch = plan.sockets.slice(start, start + 50);
    const opened = await Promise.all(batch.map((actor) => connect(plan, actor)));
    await Promise.all(opened.map((socket) => join(plan, socket)));
    opened.forEach((socket, i) => {
      const actor = batch[i]!;
      const active = actor && new ActiveClient(plan, actor, socket, questions, result);
      if (active) actives.push(active);
      socket.on(plan.protocol === "bare" ? "event" : "salon:event", (event: WireEvent) => {
        const at = now();
        if (!recording) return;
        result.received.push(event.seq, at);
        if (event.type === "question.asked" && event.payload.question?.author) {
          questions.set(event.payload.question.id, event.payload.question.author.userId);
        }
        active?.observe(event);
      });
      sockets.push(socket);
    });
  }
  send({ type: "ready", connected: sockets.length });

  const go = await new Promise<number>((resolve) => {
    process.on("message", (message: ParentMessage) => {
      if (message.type === "go") resolve(message.startAt);
    });
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  recording = true;
  const end = go + plan.durationMs;
  const timers = actives.map((active) => {
    // Spread the active clients of every worker evenly over one interval; each keeps its own beat.
    const offset = active.actor.index * (plan.intervalMs / plan.activeCount);
    let beat = go + offset;
    const tick = (): void => {
      if (beat >= end) return;
      void active.act();
      beat += plan.intervalMs;
      timer.ref = setTimeout(tick, Math.max(0, beat - now()));
    };
    const timer: { ref: NodeJS.Timeout } = { ref: setTimeout(tick, Math.max(0, beat - now())) };
    return timer;
  });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, end + plan.drainMs - now())));
  for (const timer of timers) clearTimeout(timer.ref);
  recording = false;
  delay.disable();
  result.loopDelayP99Ms = delay.percentile(99) / 1e6;
  send({ type: "result", result });
  await new Promise<void>((resolve) => {
    process.on("message", (message: ParentMessage) => {
      if (message.type === "exit") resolve();
    });
  });
  for (const socket of sockets) socket.disconnect();
}

process.once("message", (message: ParentMessage) => {
  if (message.type !== "plan") return;
  run(message.plan).then(
    () => process.exit(0),
    (error: unknown) => {
      send({ type: "failed", error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
});
