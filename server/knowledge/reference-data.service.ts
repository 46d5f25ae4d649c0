import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import type { Page, PageRequest, Society, Track } from "./knowledge.types.js";
import type { ReferenceDataRepository, SocietyFields, TrackFields } from "./reference-data.repository.js";

function requireStaff(actor: Actor, what: string): void {
  if (!isStaff(actor)) throw new ForbiddenError(`Only organizers can manage ${what}`);
}

/** Learned societies and programme tracks: organizers manage them, everyone reads them. */
export class ReferenceDataService {
  constructor(private readonly referenceData: ReferenceDataRepository) {}

  async getSociety(id: number): Promise<Society> {
    const society = await this.referenceData.findSociety(id);
    if (!society) throw new NotFoundError("Society", id);
    return society;
  }

  listSocieties(q: string | undefined, request: PageRequest): Promise<Page<Society>> {
    return this.referenceData.listSocieties(q, request);
  }

  async createSociety(actor: Actor, fields: SocietyFields): Promise<Society> {
    requireStaff(actor, "learned societies");
    if (await this.referenceData.findSocietyByName(fields.name)) {
      throw new ConflictError(`A society named ${fields.name} already exists`);
    }
    return this.referenceData.createSociety(fields);
  }

  async updateSociety(actor: Actor, id: number, changes: Partial<SocietyFields>): Promise<Society> {
    requireStaff(actor, "learned societies");
    await this.getSociety(id);
    if (changes.name !== undefined) {
      const sameName = await this.referenceData.findSocietyByName(changes.name);
      if (sameName && sameName.id !== id) throw new ConflictError(`A society named ${changes.name} already exists`);
    }
    return this.referenceData.updateSociety(id, changes);
  }

  async deleteSociety(actor: Actor, id: number): Promise<void> {
    requireStaff(actor, "learned societies");
    await this.getSociety(id);
    await this.referenceData.deleteSociety(id);
  }

  async getTrack(id: number): Promise<Track> {
    const track = await this.referenceData.findTrack(id);
    if (!track) throw new NotFoundError("Track", id);
    return track;
  }

  listTracks(): Promise<Track[]> {
    return this.referenceData.listTracks();
  }

  async createTrack(actor: Actor, fields: TrackFields): Promise<Track> {
    requireStaff(actor, "programme tracks");
    if (await this.referenceData.findTrackByCode(fields.code)) {
      throw new ConflictError(`A track with code ${fields.code} already exists`);
    }
    return this.referenceData.createTrack(fields);
  }

  async updateTrack(actor: Actor, id: number, changes: Partial<TrackFields>): Promise<Track> {
    requireStaff(actor, "programme tracks");
    await this.getTrack(id);
    if (changes.code !== undefined) {
      const sameCode = await this.referenceData.findTrackByCode(changes.code);
      if (sameCode && sameCode.id !== id) throw new ConflictError(`A track with code ${changes.code} already exists`);
    }
    return this.referenceData.updateTrack(id, changes);
  }

  /** A track that needs still use cannot be deleted: their programme would silently vanish. */
  async deleteTrack(actor: Actor, id: number): Promise<void> {
    requireStaff(actor, "programme tracks");
    await this.getTrack(id);
    const inUse = await this.referenceData.countNeedsOnTrack(id);
    if (inUse > 0) throw new ConflictError(`The track is used by ${inUse} needs`, { needs: inUse });
    await this.referenceData.deleteTrack(id);
  }
}
