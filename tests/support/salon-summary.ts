import type { SalonSummary } from "../../server/salons/salon-views.js";

/** A salon as the salon pages receive it; 06:30 UTC is 14:30 in Beijing, and 18 May 2026 a Monday. */
export const startsAt = "2026-05-18T06:30:00.000Z";
export const endsAt = "2026-05-18T08:30:00.000Z";

export const salonSummary = (changes: Partial<SalonSummary> = {}): SalonSummary => ({
  id: 4,
  title: "钙钛矿电池稳定性沙龙",
  topic: "界面钝化",
  description: "",
  disciplines: [],
  startsAt,
  endsAt,
  visibility: "public",
  status: "scheduled",
  organizer: { userId: 2, name: "王主任" },
  speakers: [{ expertId: 9, name: "林教授", talkTitle: "界面钝化新进展", budgetSeconds: 1170 }],
  moderators: [{ userId: 3, name: "陈老师" }],
  openedAt: null,
  closedAt: null,
  lastSeq: 0,
  ...changes,
});
