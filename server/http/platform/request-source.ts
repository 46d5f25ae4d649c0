import type { Request } from "express";

/** Where the browser says a request came from. */
export type RequestSource = "ownPage" | "otherSite" | "unknown";

/**
 * Where a request came from, as the browser states it: `Sec-Fetch-Site` (every browser in use
 * sends it), or failing that `Origin`, compared with this server's own origin (the Host header,
 * or `publicUrl` behind a proxy that rewrites Host). "unknown" when the client says neither
 * (curl, scripts) or the person typed the address themselves (`Sec-Fetch-Site: none`).
 */
export function requestSource(req: Request, publicUrl?: string): RequestSource {
  const site = req.get("sec-fetch-site");
  if (site !== undefined) {
    if (site === "same-origin") return "ownPage";
    return site === "none" ? "unknown" : "otherSite";
  }
  const origin = req.get("origin");
  if (origin === undefined) return "unknown";
  if (!URL.canParse(origin)) return "otherSite"; // `null`: a sandboxed or privacy-sensitive context
  const from = new URL(origin);
  const host = req.get("host")?.toLowerCase();
  const ownOrigins = [host ? `${req.protocol}://${host}` : null, publicUrl ? new URL(publicUrl).origin : null];
  return ownOrigins.includes(from.origin) ? "ownPage" : "otherSite";
}
