import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { ExpertFields, ExpertFilter, ExpertSort, ExpertsRepository } from "./experts.repository.js";
import type { Expert, ExpertContact, Page, PageRequest } from "./knowledge.types.js";
import { canEditExpert } from "./knowledge-policy.js";

/** Expert profiles: anyone may read them; experts edit their own, organizers manage all. */
export class ExpertsService {
  constructor(private readonly experts: ExpertsRepository) {}

  async get(id: number): Promise<Expert> {
    const expert = await this.experts.findById(id);
    if (!expert) throw new NotFoundError("Expert", id);
    return expert;
  }

  /** The expert's contact details when the actor may see them (the expert and organizers), else null. */
  async contactFor(actor: Actor | null, id: number): Promise<ExpertContact | null> {
    if (!actor || !canEditExpert(actor, id)) return null;
    return this.experts.contactOf(id);
  }

  list(filter: ExpertFilter, sort: ExpertSort, request: PageRequest): Promise<Page<Expert>> {
    return this.experts.list(filter, sort, request);
  }

  async create(actor: Actor, fields: ExpertFields): Promise<Expert> {
    if (!isStaff(actor)) throw new ForbiddenError("Only organizers can add expert profiles");
    await this.assertSocietiesExist(fields.societyIds);
    return this.experts.create(fields);
  }

  async update(actor: Actor, id: number, changes: Partial<ExpertFields>): Promise<Expert> {
    await this.get(id);
    if (!canEditExpert(actor, id)) throw new ForbiddenError("You can only edit your own expert profile");
    if (changes.societyIds) await this.assertSocietiesExist(changes.societyIds);
    return this.experts.update(id, changes);
  }

  async delete(actor: Actor, id: number): Promise<void> {
    await this.get(id);
    if (!isStaff(actor)) throw new ForbiddenError("Only organizers can delete expert profiles");
    // The database cascades a deletion to the expert's meetings and their recorded outcomes
    // (contracts and their value), which are the association's record of its events.
    const meetings = await this.experts.countEventMeetings(id);
    if (meetings > 0) {
      throw new ConflictError(
        `The expert has ${meetings} docking-event meetings whose outcomes would be lost; the profile cannot be deleted`,
        { meetings },
      );
    }
    await this.experts.delete(id);
  }

  private async assertSocietiesExist(ids: number[]): Promise<void> {
    const found = new Set(await this.experts.existingSocietyIds(ids));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw new ValidationError("Unknown society ids", { societyIds: missing });
  }
}
