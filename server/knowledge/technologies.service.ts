import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import type { ExpertsRepository } from "./experts.repository.js";
import type { Page, PageRequest, Technology } from "./knowledge.types.js";
import { canAddTechnology, canEditTechnology } from "./knowledge-policy.js";
import type {
  TechnologiesRepository,
  TechnologyFields,
  TechnologyFilter,
  TechnologySort,
} from "./technologies.repository.js";

export type TechnologyInput = Omit<TechnologyFields, "ownerId"> & { ownerId?: number | null };

/** Technologies: experts manage their own, organizers manage all, anyone reads. */
export class TechnologiesService {
  constructor(
    private readonly technologies: TechnologiesRepository,
    private readonly experts: ExpertsRepository,
  ) {}

  async get(id: number): Promise<Technology> {
    const technology = await this.technologies.findById(id);
    if (!technology) throw new NotFoundError("Technology", id);
    return technology;
  }

  list(filter: TechnologyFilter, sort: TechnologySort, request: PageRequest): Promise<Page<Technology>> {
    return this.technologies.list(filter, sort, request);
  }

  async create(actor: Actor, input: TechnologyInput): Promise<Technology> {
    const ownerId = await this.ownerFor(actor, input.ownerId);
    return this.technologies.create({ ...input, ownerId });
  }

  async update(actor: Actor, id: number, changes: Partial<TechnologyInput>): Promise<Technology> {
    const technology = await this.get(id);
    if (!canEditTechnology(actor, technology)) throw new ForbiddenError("You can only edit your own technologies");
    const { ownerId, ...rest } = changes;
    const fields: Partial<TechnologyFields> = rest;
    if (ownerId !== undefined) {
      if (!isStaff(actor)) throw new ForbiddenError("Only organizers can change a technology's owner");
      fields.ownerId = await this.ownerFor(actor, ownerId);
    }
    return this.technologies.update(id, fields);
  }

  async delete(actor: Actor, id: number): Promise<void> {
    const technology = await this.get(id);
    if (!canEditTechnology(actor, technology)) throw new ForbiddenError("You can only delete your own technologies");
    await this.technologies.delete(id);
  }

  /** Experts always own what they add; organizers may name any expert or none. */
  private async ownerFor(actor: Actor, requested: number | null | undefined): Promise<number | null> {
    if (actor.role === "expert" && actor.expertId !== null) {
      if (requested != null && requested !== actor.expertId) {
        throw new ForbiddenError("Experts can only add technologies to their own profile");
      }
      return actor.expertId;
    }
    if (!canAddTechnology(actor)) throw new ForbiddenError("Only experts and organizers can add technologies");
    if (requested == null) return null;
    if (!(await this.experts.findById(requested))) throw new NotFoundError("Expert", requested);
    return requested;
  }
}
