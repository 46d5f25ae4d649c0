import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { ExpertsRepository } from "./experts.repository.js";
import type { Need, NeedStatus, Page, PageRequest } from "./knowledge.types.js";
import { canEditNeed, canPostNeed, canSeeNeed, canSeeNeedDetails } from "./knowledge-policy.js";
import type { NeedFields, NeedFilter, NeedSort, NeedsRepository } from "./needs.repository.js";
import type { ReferenceDataRepository } from "./reference-data.repository.js";

/** The status workflow: draft → open → in progress → solved / closed (closed may reopen). */
export const needTransitions: Record<NeedStatus, readonly NeedStatus[]> = {
  draft: ["open", "closed"],
  open: ["in_progress", "closed"],
  in_progress: ["solved", "closed", "open"],
  solved: [],
  closed: ["open"],
};

export interface NeedView {
  need: Need;
  /** False when the need is confidential and the viewer may read only its title, discipline and region. */
  detailsVisible: boolean;
  editable: boolean;
}

export type NeedInput = Omit<NeedFields, "trackId"> & { track: string | null };

/** Enterprise needs: posting, editing, the status workflow and confidential access. */
export class NeedsService {
  constructor(
    private readonly needs: NeedsRepository,
    private readonly referenceData: ReferenceDataRepository,
    private readonly experts: ExpertsRepository,
    /** Told after a need becomes open (posted open, published from a draft, or reopened). */
    private readonly onOpened: (need: Need) => void = () => {},
  ) {}

  viewOf(actor: Actor | null, need: Need): NeedView {
    return { need, detailsVisible: canSeeNeedDetails(actor, need), editable: canEditNeed(actor, need) };
  }

  async get(actor: Actor | null, id: number): Promise<NeedView> {
    const need = await this.needs.findById(id);
    // A draft is answered as missing, not forbidden, to whoever may not see it: its id reveals nothing.
    if (!need || !canSeeNeed(actor, need)) throw new NotFoundError("Need", id);
    return this.viewOf(actor, need);
  }

  async list(actor: Actor | null, filter: NeedFilter, sort: NeedSort, request: PageRequest): Promise<Page<NeedView>> {
    const scoped: NeedFilter = { ...filter, draftsVisibleTo: isStaff(actor) ? undefined : (actor?.userId ?? null) };
    const page = await this.needs.list(scoped, sort, request);
    return { ...page, items: page.items.map((need) => this.viewOf(actor, need)) };
  }

  async create(actor: Actor, input: NeedInput, status: "draft" | "open", enterpriseName: string): Promise<NeedView> {
    if (!canPostNeed(actor)) throw new ForbiddenError("Only enterprises and organizers can post needs");
    const { track, ...rest } = input;
    const fields: NeedFields = {
      ...rest,
      trackId: await this.resolveTrack(track),
      enterprise: rest.enterprise || enterpriseName,
    };
    const ownerId = actor.role === "enterprise" ? actor.userId : null;
    const need = await this.needs.create(ownerId, status, fields);
    if (need.status === "open") this.onOpened(need);
    return this.viewOf(actor, need);
  }

  async update(actor: Actor, id: number, changes: Partial<NeedInput>): Promise<NeedView> {
    const { need } = await this.editable(actor, id);
    const { track, ...rest } = changes;
    const fields: Partial<NeedFields> = {
      ...rest,
      ...(track !== undefined && { trackId: await this.resolveTrack(track) }),
    };
    return this.viewOf(actor, await this.needs.update(need.id, fields));
  }

  async changeStatus(actor: Actor, id: number, to: NeedStatus): Promise<NeedView> {
    const { need } = await this.editable(actor, id);
    if (!needTransitions[need.status].includes(to)) {
      throw new ConflictError(`A need cannot move from ${need.status} to ${to}`, {
        from: need.status,
        allowed: needTransitions[need.status],
      });
    }
    if (!(await this.needs.transition(id, need.status, to))) {
      throw new ConflictError("The need's status changed meanwhile; reload and try again");
    }
    const view = await this.get(actor, id);
    if (to === "open") this.onOpened(view.need);
    return view;
  }

  async delete(actor: Actor, id: number): Promise<void> {
    await this.editable(actor, id);
    // The database cascades a deletion to the need's meetings and their recorded outcomes
    // (contracts and their value), which are the association's record of its events.
    const meetings = await this.needs.countEventMeetings(id);
    if (meetings > 0) {
      throw new ConflictError(
        `The need has ${meetings} docking-event meetings whose outcomes would be lost; close it instead of deleting it`,
        { meetings },
      );
    }
    await this.needs.delete(id);
  }

  async grantAccess(actor: Actor, id: number, expertId: number): Promise<NeedView> {
    await this.editable(actor, id);
    if (!(await this.experts.findById(expertId))) throw new NotFoundError("Expert", expertId);
    await this.needs.grantAccess(id, expertId);
    return this.get(actor, id);
  }

  async revokeAccess(actor: Actor, id: number, expertId: number): Promise<NeedView> {
    await this.editable(actor, id);
    await this.needs.revokeAccess(id, expertId);
    return this.get(actor, id);
  }

  private async editable(actor: Actor, id: number): Promise<NeedView> {
    const view = await this.get(actor, id);
    if (!view.editable)
      throw new ForbiddenError("Only the enterprise that posted this need or an organizer can change it");
    return view;
  }

  /** The id of the track with this code; an unknown code is a validation error. */
  async trackIdOf(code: string): Promise<number> {
    const track = await this.referenceData.findTrackByCode(code);
    if (!track) throw new ValidationError(`Unknown track: ${code}`, { track: code });
    return track.id;
  }

  private async resolveTrack(code: string | null): Promise<number | null> {
    return code === null || code === "" ? null : this.trackIdOf(code);
  }
}
