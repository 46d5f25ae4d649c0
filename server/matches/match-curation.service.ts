import { sameOrganization } from "../../matching/index.js";
import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import type { ExpertsRepository } from "../knowledge/experts.repository.js";
import type { NeedsService } from "../knowledge/needs.service.js";
import type {
  ConflictKind,
  ExpertConflict,
  MatchCurationRepository,
  MatchOverride,
  OverrideKind,
} from "./match-curation.repository.js";

/** Why an expert may not be proposed for or invited to a need, if anything bars them. */
export type Barrier =
  | { kind: "own_organization" }
  | { kind: "declared_conflict"; conflict: ExpertConflict }
  | { kind: "excluded"; note: string };

/**
 * Organizers' curation of matching: conflicts of interest they declare for an expert (with
 * an organization: every need it posts), and pins or exclusions of experts on one need.
 * Only organizers (and admins) curate; the rules that read curation live in the matches
 * and invitations services.
 */
export class MatchCurationService {
  constructor(
    private readonly curation: MatchCurationRepository,
    private readonly needs: NeedsService,
    private readonly experts: ExpertsRepository,
  ) {}

  async conflictsOf(actor: Actor, expertId: number): Promise<ExpertConflict[]> {
    assertOrganizer(actor);
    await this.existingExpert(expertId);
    return this.curation.conflictsOf(expertId);
  }

  async declareConflict(
    actor: Actor,
    expertId: number,
    input: { organization: string; kind: ConflictKind; reason: string },
  ): Promise<ExpertConflict> {
    assertOrganizer(actor);
    await this.existingExpert(expertId);
    return this.curation.declareConflict({ expertId, ...input, createdById: actor.userId });
  }

  async removeConflict(actor: Actor, expertId: number, conflictId: number): Promise<void> {
    assertOrganizer(actor);
    if (!(await this.curation.removeConflict(expertId, conflictId))) throw new NotFoundError("Conflict", conflictId);
  }

  async setOverride(
    actor: Actor,
    needId: number,
    expertId: number,
    kind: OverrideKind,
    note: string,
  ): Promise<MatchOverride> {
    assertOrganizer(actor);
    await this.needs.get(actor, needId);
    await this.existingExpert(expertId);
    return this.curation.setOverride({ needId, expertId, kind, note, createdById: actor.userId });
  }

  async clearOverride(actor: Actor, needId: number, expertId: number): Promise<void> {
    assertOrganizer(actor);
    if (!(await this.curation.clearOverride(needId, expertId))) {
      throw new NotFoundError("Pin or exclusion of expert", expertId);
    }
  }

  /** What bars this expert from this need: their own organization, a declared conflict, an exclusion. */
  async barrier(
    need: { id: number; enterprise: string },
    expert: { id: number; organization: string },
  ): Promise<Barrier | null> {
    if (need.enterprise && expert.organization && sameOrganization(need.enterprise, expert.organization)) {
      return { kind: "own_organization" };
    }
    if (need.enterprise) {
      const conflict = (await this.curation.conflictsOf(expert.id)).find((c) =>
        sameOrganization(c.organization, need.enterprise),
      );
      if (conflict) return { kind: "declared_conflict", conflict };
    }
    const override = await this.curation.findOverride(need.id, expert.id);
    return override?.kind === "exclude" ? { kind: "excluded", note: override.note } : null;
  }

  private async existingExpert(expertId: number): Promise<void> {
    if (!(await this.experts.findById(expertId))) throw new NotFoundError("Expert", expertId);
  }
}

function assertOrganizer(actor: Actor): void {
  if (!isStaff(actor)) throw new ForbiddenError("Only organizers curate matching (conflicts, pins, exclusions)");
}
