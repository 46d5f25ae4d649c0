import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";
import type { TrustProxy } from "../config.js";

/** Whether the hop at `index` (0 = the peer) with this address may tell who it forwards for. */
export type TrustFunction = (address: string, index: number) => boolean;

/** The configured proxy trust as a function, the same for Express (req.ip) and for sockets. */
export function compileTrust(trust: TrustProxy): TrustFunction {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === "number") return (_address, index) => index < trust;
  return proxyaddr.compile(trust);
}

/** The client's address: the peer's, or a trusted proxy's X-Forwarded-For entry. */
export function clientAddress(req: IncomingMessage, trust: TrustFunction): string {
  return proxyaddr(req, trust);
}
