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
}

export class InMemoryPresenceStore implements PresenceStore {
  private readonly rooms = new Map<number, Map<string, Set<string>>>();

  async add(salonId: number, memberKey: string, socketId: string): Promise<number> {
    const room = this.rooms.get(salonId) ?? new Map<string, Set<string>>();
    this.rooms.set(salonId, room);
    const sockets = room.get(memberKey) ?? new Set<string>();
    room.set(memberKey, sockets);
    sockets.add(socketId);
    return room.size;
  }

  async remove(salonId: number, memberKey: string, socketId: string): Promise<number> {
    const room = this.rooms.get(salonId);
    if (!room) return 0;
    const sockets = room.get(memberKey);
    sockets?.delete(socketId);
    if (sockets?.size === 0) room.delete(memberKey);
    if (room.size === 0) this.rooms.delete(salonId);
    return room.size;
  }

  async count(salonId: number): Promise<number> {
    return this.rooms.get(salonId)?.size ?? 0;
  }
}
