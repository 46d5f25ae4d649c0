import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import type { Role, User } from "../../server/accounts/accounts.types.js";
import type { Container } from "../../server/container.js";
import type { Ack } from "../../server/realtime/events.js";
import type { SalonInput } from "../../server/salons/salons.service.js";
import type { WireEvent } from "../../server/salons/salon-views.js";
import { uniqueEmail } from "./factories.js";

/** A user with an API token, as socket tests need them. */
export interface TokenUser {
  user: User;
  token: string;
}

export async function tokenUser(container: Container, role: Role, name: string): Promise<TokenUser> {
  const email = uniqueEmail(role);
  const password = "correct horse battery";
  const user =
    role === "organizer" || role === "admin"
      ? await container.accounts.createStaff({ email, password, name, role })
      : await container.accounts.register({ email, password, name, role });
  const { token } = await container.accounts.issueToken(user.id, "tests");
  return { user, token };
}

export function salonInput(overrides: Partial<SalonInput> = {}): SalonInput {
  return {
    title: "固态电池材料学术沙龙",
    topic: "硫化物固态电解质",
    description: "围绕固态电池界面问题的开放讨论。",
    disciplines: ["材料科学与工程"],
    startsAt: null,
    endsAt: null,
    visibility: "public",
    premoderation: false,
    slowModeSeconds: 0,
    handBudgetSeconds: 120,
    speakers: [],
    moderatorIds: [],
    inviteeIds: [],
    ...overrides,
  };
}

/**
 * A socket.io-client connection to `/salons` that records every broadcast, with helpers
 * to act (acks as promises) and to wait for what should arrive.
 */
export class SalonClient {
  readonly events: WireEvent[] = [];
  readonly presence: number[] = [];
  readonly removed: { salonId: number; reason: string }[] = [];
  /** clientMutationIds must be unique per user and salon across every tab and session. */
  private readonly prefix = randomUUID().slice(0, 8);
  private mutation = 0;

  constructor(readonly socket: Socket) {
    socket.on("salon:event", (event: WireEvent) => this.events.push(event));
    socket.on("salon:presence", (update: { count: number }) => this.presence.push(update.count));
    socket.on("salon:removed", (notice: { salonId: number; reason: string }) => this.removed.push(notice));
  }

  static async connect(
    baseUrl: string,
    credentials: { token?: string; cookie?: string } = {},
    options: { reconnection?: boolean; headers?: Record<string, string> } = {},
  ): Promise<SalonClient> {
    const socket = io(`${baseUrl}/salons`, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: options.reconnection ?? false,
      auth: credentials.token ? { token: credentials.token } : {},
      extraHeaders: { ...(credentials.cookie && { cookie: credentials.cookie }), ...options.headers },
    });
    const client = new SalonClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", (error) => reject(error));
    });
    return client;
  }

  emit<T = unknown>(event: string, payload: Record<string, unknown>): Promise<Ack<T>> {
    return this.socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<T>>;
  }

  /** Emits with a fresh clientMutationId and expects success. */
  async act<T = unknown>(event: string, payload: Record<string, unknown>): Promise<T> {
    const ack = await this.emit<T>(event, { clientMutationId: `${this.prefix}-${++this.mutation}`, ...payload });
    if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  /** Emits with a fresh clientMutationId and returns the refusal's code. */
  async refused(event: string, payload: Record<string, unknown>): Promise<string> {
    const ack = await this.emit(event, { clientMutationId: `${this.prefix}-${++this.mutation}`, ...payload });
    if (ack.ok) throw new Error(`${event} unexpectedly succeeded`);
    return ack.error.code;
  }

  join<T = JoinData>(salonId: number, lastSeq?: number): Promise<T> {
    return this.act<T>("salon:join", { salonId, ...(lastSeq !== undefined && { lastSeq }) });
  }

  /** Waits until `predicate` holds (polling the recorded broadcasts). */
  async until(predicate: (client: SalonClient) => boolean, what = "a condition", timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  untilEvent(type: string, count = 1): Promise<void> {
    return this.until((c) => c.events.filter((e) => e.type === type).length >= count, `${count} ${type}`);
  }

  untilSeq(seq: number): Promise<void> {
    return this.until((c) => c.events.some((e) => e.seq >= seq), `seq ${seq}`);
  }

  close(): void {
    this.socket.disconnect();
  }
}

export interface JoinData {
  salon: { id: number; title: string; status: string; lastSeq: number };
  state: {
    seq: number;
    questions: {
      id: number;
      text: string | null;
      status: string;
      votes: number;
      author: { name: string } | null;
      votedByMe: boolean;
    }[];
    hiddenCount: number;
    pendingCount: number;
    presence: number;
    queue: { entries: { name: string }[]; current: { name: string } | null };
    polls: { id: number; results: { counts: number[]; voters: number } }[];
    chat: { text: string }[];
    me: { moderator: boolean } | null;
    moderationLog: WireEvent[] | null;
  };
  events: WireEvent[];
  eventsTruncated: boolean;
}
