import type { IncomingMessage } from "node:http";
import { abuseLimits } from "../shared/abuse.limits.js";
import { clientAddress, type TrustFunction } from "../shared/client-address.js";
import { RateLimiter } from "../shared/rate-limiter.js";

/** Who sent a socket event, as far as is known without reading anything. */
export interface SocketClient {
  socketId: string;
  address: string;
  anonymous: boolean;
}

const textEvents = new Set(["chat:send", "question:ask"]);

/**
 * The first check of every socket event, before its payload is parsed or anything is read
 * from the database: one connection, and (unless ABUSE_LIMITS=off) one address across its
 * connections and accounts, may only do so much. A refusal costs a few map lookups.
 */
export class SocketActionGate {
  private readonly limiter: RateLimiter;

  constructor(private readonly options: { trust: TrustFunction; perAddress: boolean; now: () => number }) {
    this.limiter = new RateLimiter(options.now);
  }

  /** The client's address, once per connection (X-Forwarded-For only from trusted proxies). */
  addressOf(request: IncomingMessage): string {
    return clientAddress(request, this.options.trust);
  }

  /**
   * Counts a refusal against the connection; true once it has collected so many that it
   * should be disconnected (a client that keeps sending after being refused is a flood).
   */
  refused(client: SocketClient): boolean {
    return (
      this.limiter.take(`connection-refusals:${client.socketId}`, abuseLimits.socket.refusalsPerConnection) !== null
    );
  }

  /** Throws RateLimitedError when the connection or its address has done too much lately. */
  admit(event: string, client: SocketClient): void {
    const rules = abuseLimits.socket;
    const join = event === "salon:join";
    this.limiter.consume(`connection:${client.socketId}`, rules.perConnection);
    if (join) this.limiter.consume(`connection-joins:${client.socketId}`, rules.joinsPerConnection);
    if (!this.options.perAddress) return;
    this.limiter.consume(`address:${client.address}`, rules.perAddress);
    if (join) this.limiter.consume(`address-joins:${client.address}`, rules.joinsPerAddress);
    if (client.anonymous) this.limiter.consume(`address-anonymous:${client.address}`, rules.anonymousPerAddress);
    if (textEvents.has(event)) this.limiter.consume(`address-text:${client.address}`, rules.textPerAddress);
  }
}
