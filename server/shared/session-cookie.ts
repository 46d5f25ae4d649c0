/** The session cookie, read by HTTP requests and by WebSocket handshakes alike. */
export const sessionCookieName = "sb_session";

/** One cookie from a raw Cookie header (also what a WebSocket handshake carries). */
export function cookieFromHeader(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
