import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { generateJoinCode, normalizeJoinCode } from "./join-codes.js";
import type { SalonGuestsRepository } from "./salon-guests.repository.js";
import { guestUserId, type SalonActor } from "./salon.types.js";
import type { SalonsService } from "./salons.service.js";

/** Longest display name a guest may choose (characters). */
export const guestNameCharacters = 40;

function sha256(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** A guest as the salon sees them: the actor they act as (negative userId). */
export function guestActor(guest: { id: number; name: string }): SalonActor {
  return { userId: guestUserId(guest.id), name: guest.name, role: "guest", expertId: null };
}

/**
 * People without an account in public salons (as Slido does it): they find the salon by its
 * join code, choose a display name, and get a credential (`<guest id>.<secret>`, kept by the
 * browser in a cookie for that salon only) that the pages and the socket handshake check.
 * In the room a guest is an ordinary attendee whose rights the Salon decides (public salons
 * only, never a moderator), under the same rate limits, mutes and bans.
 */
export class SalonGuestsService {
  constructor(
    private readonly guests: SalonGuestsRepository,
    private readonly salons: SalonsService,
  ) {}

  /** The salon's join code, assigned the first time anyone asks. */
  async joinCodeFor(salonId: number): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.guests.joinCode(salonId);
      if (!current) throw new NotFoundError("Salon", salonId);
      if (current.code) return current.code;
      await this.guests.assignJoinCode(salonId, generateJoinCode()); // a taken code: draw again
    }
    throw new ConflictError("Could not find a free join code; try again");
  }

  /**
   * The public salon a typed code names, refused when guests can no longer join it (it ended,
   * or is no longer public), before they choose a name for nothing.
   */
  async salonForCode(input: string): Promise<number> {
    const code = normalizeJoinCode(input);
    if (!code) throw new ValidationError("A join code is six letters and digits");
    const salonId = await this.guests.salonIdForCode(code);
    if (salonId === null) throw new NotFoundError("Salon with this join code");
    await this.assertJoinable(salonId);
    return salonId;
  }

  /** Refuses a salon guests may not join: anything but public, and an ended one (details name the salon). */
  async assertJoinable(salonId: number): Promise<void> {
    // A probe guest: what the salon's rules say about guests (id 0 is never a real one).
    const detail = await this.salons.get(guestActor({ id: 0, name: "" }), salonId);
    if (detail.salon.status === "closed") throw new ConflictError("This salon has ended", { salonId });
  }

  /**
   * Lets someone into a salon as a guest under a display name. Refused for salons a guest may
   * not enter (anything but public) and for closed ones.
   */
  async admit(salonId: number, name: string, address: string): Promise<{ actor: SalonActor; credential: string }> {
    const displayName = name.trim().replace(/\s+/g, " ");
    if (!displayName) throw new ValidationError("Choose a name to show in the salon");
    if (Array.from(displayName).length > guestNameCharacters) {
      throw new ValidationError(`A name is at most ${guestNameCharacters} characters`);
    }
    await this.assertJoinable(salonId);
    const secret = randomBytes(24).toString("base64url");
    const guest = await this.guests.create({
      salonId,
      name: displayName,
      secretHash: sha256(secret).toString("hex"),
      address,
    });
    return { actor: guestActor(guest), credential: `${guest.id}.${secret}` };
  }

  /** The guest a credential names in this salon, or null (unknown, another salon's, forged). */
  async guestFor(salonId: number, credential: string | undefined): Promise<SalonActor | null> {
    const match = /^(\d{1,10})\.([\w-]{16,64})$/.exec(credential ?? "");
    if (!match) return null;
    const guest = await this.guests.find(Number(match[1]));
    if (!guest || guest.salonId !== salonId) return null;
    const stored = Buffer.from(guest.secretHash, "hex");
    const given = sha256(match[2]!);
    return stored.length === given.length && timingSafeEqual(stored, given) ? guestActor(guest) : null;
  }
}
