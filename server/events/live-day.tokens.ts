import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A self-check-in token: random, shown once (link and QR code); only its hash is stored. */
export function newCheckInToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: hashCheckInToken(token) };
}

export function hashCheckInToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * The wall view's token: derived from the server secret and the event id, so a projector's
 * link needs no account and no stored row, shows one event only, and cannot be forged.
 */
export function wallToken(secret: string, eventId: number): string {
  return createHmac("sha256", secret).update(`event-wall:${eventId}`).digest("base64url").slice(0, 32);
}

export function isWallToken(secret: string, eventId: number, candidate: string): boolean {
  const expected = Buffer.from(wallToken(secret, eventId));
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
