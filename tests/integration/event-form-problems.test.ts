import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let t: TestApp;
let organizer: SignedInAgent;

beforeAll(async () => {
  t = await createTestApp();
  ({ organizer } = await signUpUsers(t, { organizer: {} }));
});
afterAll(async () => {
  await t.close();
});

/** The form as typed, the fields it does not need left out. */
const fields = (changes: Record<string, string>) => ({
  title: "2027 金桥工程对接会",
  kind: "matchmaking",
  startsAt: "2027-03-10T09:00",
  slotMinutes: "20",
  slotCount: "6",
  tableCount: "4",
  demandPerNeed: "2",
  meetingsPerExpert: "3",
  objective: "total",
  _csrf: organizer.csrfToken,
  ...changes,
});

/** The error shown under one field of the form, by the field-error partial's id. */
const fieldError = (page: string, field: string) =>
  new RegExp(`id="${field}-error"[^>]*>(?:<[^>]+>)*([^<]+)<`).exec(page)?.[1]?.trim() ?? null;

describe("the docking-event form refused by the event's rules", () => {
  it("shows each problem under its own field, in the page's language", async () => {
    const page = await organizer.agent
      .post("/events?lang=zh-CN")
      .type("form")
      .send(
        fields({ breaks: "6:15", registrationOpensAt: "2027-02-20T09:00", registrationClosesAt: "2027-02-01T09:00" }),
      );
    expect(page.status).toBe(400);
    expect(fieldError(page.text, "registrationClosesAt")).toBe("报名截止时间应晚于报名开始时间。");
    expect(fieldError(page.text, "breaks")).toBe("第 6 个时段已是最后一个，其后不能安排休息。");
    expect(fieldError(page.text, "title")).toBeNull();
    expect(page.text).not.toContain("registration must close");

    const english = await organizer.agent
      .post("/events?lang=en")
      .type("form")
      .send(fields({ registrationOpensAt: "2027-02-20T09:00", registrationClosesAt: "2027-02-01T09:00" }));
    expect(fieldError(english.text, "registrationClosesAt")).toBe("Registration must close after it opens.");
    expect(await t.container.db.dockingEvent.count()).toBe(0);
  });

  it("refuses a registration window that ends after the first slot has begun", async () => {
    const page = await organizer.agent
      .post("/events?lang=zh-CN")
      .type("form")
      .send(fields({ registrationOpensAt: "2027-02-01T09:00", registrationClosesAt: "2027-04-01T18:00" }));
    expect(page.status).toBe(400);
    expect(fieldError(page.text, "registrationClosesAt")).toBe("报名应在首个时段开始前结束。");
    expect(await t.container.db.dockingEvent.count()).toBe(0);
  });
});
