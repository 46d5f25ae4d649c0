import ical from "ical-generator";
import { counterpartOf, participantName } from "./event-counterpart.js";
import type { Agenda } from "./event-schedule.service.js";

/** Words of the calendar file, in the reader's language (the HTTP layer passes them). */
export interface CalendarWords {
  /** e.g. "与 {name} 会谈" / "Meeting with {name}". */
  summary: (counterpart: string) => string;
  /** e.g. "{venue} 第 {table} 桌" / "{venue}, table {table}". */
  location: (venue: string, table: number) => string;
}

/**
 * One VEVENT per meeting (slot start to end, the table as location, the counterpart's public
 * fields as description), with stable UIDs so a re-imported file updates the same entries.
 */
export function agendaCalendar(agendas: readonly Agenda[], words: CalendarWords, host: string): string {
  const first = agendas[0];
  const calendar = ical({
    name: first ? `${first.event.title} · ${participantName(first.participant)}` : "SciBridge",
    prodId: { company: "SciBridge", product: "docking-events", language: "ZH" },
  });
  for (const agenda of agendas) {
    for (const meeting of agenda.meetings) {
      const slot = agenda.slots[meeting.slot!];
      if (!slot) continue;
      const counterpart = counterpartOf(meeting, agenda.participant);
      calendar.createEvent({
        id: `event-${agenda.event.id}-meeting-${meeting.id}@${host}`,
        start: slot.startsAt,
        end: slot.endsAt,
        summary: words.summary(counterpart.name),
        location: words.location(agenda.event.venue, (meeting.tableNo ?? 0) + 1),
        description: [counterpart.name, counterpart.detail, counterpart.discipline, counterpart.region]
          .filter(Boolean)
          .join("\n"),
      });
    }
  }
  return calendar.toString();
}
