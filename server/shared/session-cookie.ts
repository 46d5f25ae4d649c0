/** The session cookie, read by HTTP requests and by WebSocket handshakes alike. */
export const sessionCookieName = "sb_session";

/** A salon guest's credential: one cookie per salon, read by the room page and the socket handshake. */
export function guestCookieName(salonId: number): string {
  return `sb_guest_${salonId}`;
}

/** Every salon guest credential in a raw Cookie header, by salon id. */
export function guestCookiesFromHeader(header: string | undefined): Record<number, string> {
  const found: Record<number, string> = {};
  for (const part of (header ?? "").split(";")) {
    const match = /^\s*sb_guest_(\d{1,10})=([^;]*)$/.exec(part);
    if (match) found[Number(match[1])] = match[2]!.trim();
  }
  return found;
}

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
