import ExcelJS from "exceljs";
import { counterpartOf, participantName } from "./event-counterpart.js";
import type { DockingEvent, EventMeeting, EventParticipant, SlotTime } from "./events.types.js";

/** Column headings and the time format, in the reader's language (the HTTP layer passes them). */
export interface WorkbookWords {
  bySlot: string;
  byParticipant: string;
  slot: string;
  time: string;
  table: string;
  need: string;
  enterprise: string;
  expert: string;
  organization: string;
  participant: string;
  kind: string;
  counterpart: string;
  kindNeed: string;
  kindExpert: string;
  formatTime: (slot: SlotTime) => string;
}

/**
 * The whole schedule as an .xlsx workbook: one sheet in slot order (the venue's running
 * order) and one by participant (to hand out or mail-merge). Cells are written as text, never
 * as formulas, so a title starting with "=" stays a title.
 */
export async function scheduleWorkbook(
  input: { event: DockingEvent; slots: SlotTime[]; meetings: EventMeeting[]; participants: EventParticipant[] },
  words: WorkbookWords,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "SciBridge";
  const placed = input.meetings
    .filter((m) => m.slot !== null)
    .sort((a, b) => a.slot! - b.slot! || (a.tableNo ?? 0) - (b.tableNo ?? 0));
  const timeOf = (m: EventMeeting) => (input.slots[m.slot!] ? words.formatTime(input.slots[m.slot!]!) : "");

  const bySlot = workbook.addWorksheet(words.bySlot);
  bySlot.columns = [
    { header: words.slot, key: "slot", width: 8 },
    { header: words.time, key: "time", width: 16 },
    { header: words.table, key: "table", width: 8 },
    { header: words.need, key: "need", width: 40 },
    { header: words.enterprise, key: "enterprise", width: 28 },
    { header: words.expert, key: "expert", width: 16 },
    { header: words.organization, key: "organization", width: 28 },
  ];
  for (const m of placed) {
    bySlot.addRow({
      slot: m.slot! + 1,
      time: timeOf(m),
      table: (m.tableNo ?? 0) + 1,
      need: m.need.title,
      enterprise: m.need.enterprise,
      expert: m.expert.name,
      organization: m.expert.organization,
    });
  }

  const byParticipant = workbook.addWorksheet(words.byParticipant);
  byParticipant.columns = [
    { header: words.participant, key: "participant", width: 36 },
    { header: words.kind, key: "kind", width: 10 },
    { header: words.slot, key: "slot", width: 8 },
    { header: words.time, key: "time", width: 16 },
    { header: words.table, key: "table", width: 8 },
    { header: words.counterpart, key: "counterpart", width: 40 },
  ];
  for (const participant of input.participants) {
    const own = placed.filter((m) =>
      participant.kind === "need" ? m.need.id === participant.need.id : m.expert.id === participant.expert.id,
    );
    for (const m of own) {
      byParticipant.addRow({
        participant: participantName(participant),
        kind: participant.kind === "need" ? words.kindNeed : words.kindExpert,
        slot: m.slot! + 1,
        time: timeOf(m),
        table: (m.tableNo ?? 0) + 1,
        counterpart: counterpartOf(m, participant).name,
      });
    }
  }
  for (const sheet of [bySlot, byParticipant]) {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: "frozen", ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
