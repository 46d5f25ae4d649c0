/**
 * Who is in each salon room, counted by member (a signed-in user once however many tabs;
 * an anonymous listener per connection). Behind an interface so that several nodes can
 * share the counts (a Redis store) instead of asking every node for its sockets.
 */
export interface PresenceStore {
  /** Records one connection of `memberKey` in the salon; answers the salon's count. */
  add(salonId: number, memberKey: string, socketId: string): Promise<number>;
  remove(salonId: number, memberKey: string, socketId: string): Promise<number>;
  count(salonId: number): Promise<number>;
  /**
   * Tells `listener` about counts that changed without a join or leave on this node (a
   * shared store dropping the members of a node that died). Answers the unsubscribe.
   */
  watch?(listener: (salonIds: number[]) => void): () => void;
}

/** One process's connections by salon and member: which connection is a member's first or last. */
export class LocalPresence {
  private readonly rooms = new Map<number, Map<string, Set<string>>>();

  /** Answers true when this is the member's first connection to the salon here. */
  add(salonId: number, memberKey: string, socketId: string): boolean {
    const room = this.rooms.get(salonId) ?? new Map<string, Set<string>>();
    this.rooms.set(salonId, room);
    const sockets = room.get(memberKey) ?? new Set<string>();
    room.set(memberKey, sockets);
    const first = sockets.size === 0;
    sockets.add(socketId);
    return first;
  }

  /** Answers true when the member's last connection to the salon here went away. */
  remove(salonId: number, memberKey: string, socketId: string): boolean {
    const room = this.rooms.get(salonId);
    const sockets = room?.get(memberKey);
    if (!room || !sockets?.delete(socketId)) return false;
    if (sockets.size > 0) return false;
    room.delete(memberKey);
    if (room.size === 0) this.rooms.delete(salonId);
    return true;
  }

  count(salonId: number): number {
    return this.rooms.get(salonId)?.size ?? 0;
  }

  /** Every (salon, member) present here. */
  *members(): Generator<{ salonId: number; memberKey: string }> {
    for (const [salonId, room] of this.rooms) {
      for (const memberKey of room.keys()) yield { salonId, memberKey };
    }
  }
}

export class InMemoryPresenceStore implements PresenceStore {
  private readonly local = new LocalPresence();

  async add(salonId: number, memberKey: string, socketId: string): Promise<number> {
    this.local.add(salonId, memberKey, socketId);
    return this.local.count(salonId);
  }

  async remove(salonId: number, memberKey: string, socketId: string): Promise<number> {
    this.local.remove(salonId, memberKey, socketId);
    return this.local.count(salonId);
  }

  async count(salonId: number): Promise<number> {
    return this.local.count(salonId);
  }
}
