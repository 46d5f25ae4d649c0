import type { ServerResponse } from "node:http";

/** Pages use no inline scripts or styles, so the policy can forbid them. */
const contentSecurityPolicy =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** A year; only ever sent over HTTPS, where a browser honours it. */
const strictTransportSecurity = "max-age=31536000; includeSubDomains";

/**
 * The headers every answer carries, whoever serves it: Express, or Socket.IO for its
 * client script. `secure`: the request came over HTTPS (directly or through a trusted proxy).
 */
export function applySecurityHeaders(res: ServerResponse, secure: boolean): void {
  res.setHeader("Content-Security-Policy", contentSecurityPolicy);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  if (secure) res.setHeader("Strict-Transport-Security", strictTransportSecurity);
}
