import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { Clock } from "../shared/clock.js";
import type { EventsRepository } from "./events.repository.js";
import {
  eventLimits,
  eventTransitions,
  type DockingEvent,
  type EventFields,
  type EventSettingsProblem,
  type EventStatus,
} from "./events.types.js";

/** Only organizers and admins create, edit, run and publish events. */
export function assertOrganizer(actor: Actor | null, action = "manage docking events"): asserts actor is Actor {
  if (!isStaff(actor)) throw new ForbiddenError(`Only organizers may ${action}`);
}

/** The same refusal for a status that does not allow the action, with the code `conflict`. */
export function assertStatus(event: DockingEvent, allowed: readonly EventStatus[], action: string): void {
  if (!allowed.includes(event.status)) {
    throw new ConflictError(`Cannot ${action} while the event is ${event.status}`, {
      reason: "wrong_status",
      status: event.status,
      allowed,
    });
  }
}

/**
 * Docking events themselves: creation, edits and the lifecycle. Drafts are seen by organizers
 * only; other events by everyone (their title, venue and times are public).
 */
export class EventsService {
  constructor(
    private readonly repository: EventsRepository,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor | null, fields: EventFields): Promise<DockingEvent> {
    assertOrganizer(actor, "create docking events");
    await this.check(fields);
    return this.repository.create(fields, actor.userId);
  }

  async update(actor: Actor | null, id: number, fields: Partial<EventFields>): Promise<DockingEvent> {
    assertOrganizer(actor, "edit docking events");
    const event = await this.get(actor, id);
    assertStatus(event, ["draft", "registration", "matching"], "edit the event");
    await this.check({ ...event, ...fields });
    return this.repository.update(id, fields);
  }

  async get(actor: Actor | null, id: number): Promise<DockingEvent> {
    const event = await this.repository.findById(id);
    if (!event || (event.status === "draft" && !isStaff(actor))) throw new NotFoundError("Event", id);
    return event;
  }

  async list(actor: Actor | null): Promise<DockingEvent[]> {
    return this.repository.list(isStaff(actor) ? "all" : ["registration", "matching", "scheduled", "live", "closed"]);
  }

  /** Moves the lifecycle on (or back); publishing is the only way into `scheduled`. */
  async transition(actor: Actor | null, id: number, to: EventStatus): Promise<DockingEvent> {
    assertOrganizer(actor, "change an event's status");
    const event = await this.get(actor, id);
    if (!eventTransitions[event.status].includes(to)) {
      throw new ConflictError(`An event cannot go from ${event.status} to ${to}`, {
        reason: "invalid_transition",
        from: event.status,
        to,
        allowed: eventTransitions[event.status],
      });
    }
    if (to === "scheduled") {
      throw new ConflictError("Publish the schedule to move the event to scheduled", {
        reason: "publish_required",
        from: event.status,
        to,
      });
    }
    return this.move(event, to);
  }

  /** Moves the status if it is still what the caller saw (services of the event use it too). */
  async move(event: DockingEvent, to: EventStatus, publishedAt?: Date): Promise<DockingEvent> {
    if (!(await this.repository.transition(event.id, event.status, to, publishedAt))) {
      throw new ConflictError("The event changed meanwhile; reload and try again", { reason: "changed" });
    }
    return (await this.repository.findById(event.id))!;
  }

  /** Whether participants may register themselves now (status and window). */
  registrationOpen(event: DockingEvent): boolean {
    if (event.status !== "registration") return false;
    const now = this.clock.now().getTime();
    if (event.registrationOpensAt && now < event.registrationOpensAt.getTime()) return false;
    if (event.registrationClosesAt && now > event.registrationClosesAt.getTime()) return false;
    return true;
  }

  private async check(fields: EventFields): Promise<void> {
    const problems: EventSettingsProblem[] = [];
    const problem = (
      field: EventSettingsProblem["field"],
      code: EventSettingsProblem["code"],
      message: string,
      params: EventSettingsProblem["params"] = {},
    ) => problems.push({ field, code, params, message });
    if (fields.trackId !== null && !(await this.repository.trackExists(fields.trackId))) {
      problem("trackId", "unknown_track", `track ${fields.trackId} does not exist`, { track: fields.trackId });
    }
    for (const b of fields.breaks) {
      if (b.afterSlot >= fields.slotCount - 1) {
        const slot = b.afterSlot + 1;
        problem("breaks", "break_after_last_slot", `a break after slot ${slot} follows the last slot`, { slot });
      }
    }
    const { registrationOpensAt: opens, registrationClosesAt: closes, startsAt } = fields;
    if (opens && closes && closes <= opens) {
      problem("registrationClosesAt", "registration_closes_before_opening", "registration must close after it opens");
    } else if (closes && closes > startsAt) {
      // Registrations that arrive after the first slot began could never be assigned a meeting.
      problem(
        "registrationClosesAt",
        "registration_after_start",
        "registration must close before the first slot starts",
      );
    } else if (opens && opens >= startsAt) {
      problem("registrationOpensAt", "registration_after_start", "registration must open before the first slot starts");
    }
    if (fields.quotaRules.length > eventLimits.quotaRules) {
      problem("quotaRules", "too_many_quota_rules", "too many quota rules", { max: eventLimits.quotaRules });
    }
    if (problems.length > 0) {
      throw new ValidationError(problems.map((p) => p.message).join("; "), {
        reason: "invalid_settings",
        problems: problems.map((p) => p.message),
        fields: problems.map(({ field, code, params }) => ({ field, code, params })),
      });
    }
  }
}
