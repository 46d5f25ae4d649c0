import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addParticipant, createEvent } from "../support/event-factories.js";
import { meetingParties } from "../support/event-fixtures.js";
import type { SignedInAgent } from "../support/factories.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let expert: SignedInAgent;
let stranger: SignedInAgent;
const ids = { registering: 0, closed: 0 };

const emptyState = (html: string) => /<div class="empty-state">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

beforeAll(async () => {
  t = await createTestApp();
  ({ expert, stranger } = await meetingParties(t.app, t.container));
  const db = t.container.db;
  ids.registering = await createEvent(db, { title: "2027 海峡论坛 · 两岸科技对接日", status: "registration" });
  ids.closed = await createEvent(db, { title: "2026 6·18 专家对接会", status: "closed" });
  await addParticipant(db, ids.registering, { expertId: expert.expertId! });
});

afterAll(async () => {
  await t?.close();
});

describe("an expert's agenda page", () => {
  it("says, in the page's language, that the schedule is not published yet, rather than an error page", async () => {
    // The join page links "My agenda" as soon as the expert is registered.
    const join = await expert.agent.get(`/events/${ids.registering}/join?lang=en`);
    expect(join.text).toContain(`href="/events/${ids.registering}/agenda"`);

    const english = await expert.agent.get(`/events/${ids.registering}/agenda?lang=en`);
    expect(english.status).toBe(200);
    expect(english.text).toContain("<h1>My agenda: 2027 海峡论坛 · 两岸科技对接日</h1>");
    expect(text(emptyState(english.text))).toBe(
      "The schedule is not published yet Your meetings appear here once the organizers publish it; you will be told in your inbox. Registration page",
    );
    expect(emptyState(english.text)).toContain(`href="/events/${ids.registering}/join"`);
    // Nothing to add to a calendar or to print yet.
    expect(english.text).not.toContain("data-ics-link");

    const chinese = await expert.agent.get(`/events/${ids.registering}/agenda?lang=zh-CN`);
    expect(chinese.status).toBe(200);
    expect(text(emptyState(chinese.text))).toContain("日程尚未发布");
  });

  it("tells an overseas expert choosing slots that the times are Beijing time", async () => {
    const english = text((await stranger.agent.get(`/events/${ids.registering}/join?lang=en`)).text);
    expect(english).toContain("Slots you can attend, in Beijing time");
    const chinese = text((await stranger.agent.get(`/events/${ids.registering}/join?lang=zh-CN`)).text);
    expect(chinese).toContain("可参加的时段（北京时间；不选表示全部）");
  });

  it("tells an expert who did not register that they have no agenda, instead of an empty page", async () => {
    const page = await stranger.agent.get(`/events/${ids.closed}/agenda?lang=en`);
    expect(page.status).toBe(200);
    expect(text(emptyState(page.text))).toBe("You have no agenda at this event Only registered participants have one.");
    expect(page.text).not.toContain("data-ics-link");
  });
});
