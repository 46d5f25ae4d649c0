import type { EventMeeting, EventParticipant } from "./events.types.js";

/** What a participant may see of the other side of a meeting: public fields only. */
export interface Counterpart {
  kind: "need" | "expert";
  /** Need title or expert name. */
  name: string;
  /** Enterprise (hidden for confidential needs) or the expert's title and organization. */
  detail: string;
  discipline: string;
  region: string;
  confidential: boolean;
}

/**
 * The counterpart of `participant` in `meeting`. A confidential need shows only its title,
 * discipline and region (as everywhere else): not even its enterprise.
 */
export function counterpartOf(meeting: EventMeeting, participant: EventParticipant): Counterpart {
  if (participant.kind === "need") {
    const e = meeting.expert;
    return {
      kind: "expert",
      name: e.name,
      detail: [e.title, e.organization].filter(Boolean).join(" · "),
      discipline: "",
      region: e.region,
      confidential: false,
    };
  }
  const n = meeting.need;
  return {
    kind: "need",
    name: n.title,
    detail: n.confidential ? "" : n.enterprise,
    discipline: n.discipline,
    region: n.region,
    confidential: n.confidential,
  };
}

/** The participant's own name on an agenda. */
export function participantName(participant: EventParticipant): string {
  return participant.kind === "need" ? participant.need.title : participant.expert.name;
}
