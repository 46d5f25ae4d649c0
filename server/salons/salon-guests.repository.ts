import { Prisma } from "../db/generated/client.js";
import type { Db } from "../db/prisma.js";

export interface StoredGuest {
  id: number;
  salonId: number;
  name: string;
  secretHash: string;
}

/** Salon guests and join codes in SQLite. */
export class SalonGuestsRepository {
  constructor(private readonly db: Db) {}

  async joinCode(salonId: number): Promise<{ code: string | null } | null> {
    const row = await this.db.salon.findUnique({ where: { id: salonId }, select: { joinCode: true } });
    return row && { code: row.joinCode };
  }

  /** Gives the salon this code unless it has one; false when another salon holds the code. */
  async assignJoinCode(salonId: number, code: string): Promise<boolean> {
    try {
      await this.db.salon.updateMany({ where: { id: salonId, joinCode: null }, data: { joinCode: code } });
      return true;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
      throw error;
    }
  }

  async salonIdForCode(code: string): Promise<number | null> {
    const row = await this.db.salon.findUnique({ where: { joinCode: code }, select: { id: true } });
    return row?.id ?? null;
  }

  async create(guest: { salonId: number; name: string; secretHash: string; address: string }): Promise<StoredGuest> {
    return this.db.salonGuest.create({
      data: guest,
      select: { id: true, salonId: true, name: true, secretHash: true },
    });
  }

  async find(id: number): Promise<StoredGuest | null> {
    return this.db.salonGuest.findUnique({
      where: { id },
      select: { id: true, salonId: true, name: true, secretHash: true },
    });
  }
}
