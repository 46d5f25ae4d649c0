import { describe, expect, it } from "vitest";
import { preferenceOptions, presentOutboxRow } from "../../../../../server/http/email/email.view-models.js";
import type { OutboxEmail } from "../../../../../server/notifications/email.types.js";

const email = (changes: Partial<OutboxEmail> = {}): OutboxEmail => ({
  id: 31,
  kind: "invitation_received",
  toAddress: "lin@example.cn",
  toUserId: 8,
  language: "zh-CN",
  subject: "您收到一份对接邀请",
  text: "福州某显示科技有限公司邀请您……",
  link: "/invitations/5",
  unsubscribeUrl: "/email/unsubscribe/abc",
  status: "pending",
  attempts: 0,
  nextAttemptAt: new Date(Date.UTC(2026, 11, 6, 17, 5)),
  lastError: null,
  sentAt: null,
  createdAt: new Date(Date.UTC(2026, 11, 6, 17, 5)),
  ...changes,
});

describe("preferenceOptions", () => {
  it("offers the three preferences in order with exactly the chosen one checked, in the page's language", () => {
    const zh = preferenceOptions("zh-CN", "daily");
    expect(zh.map((o) => [o.value, o.checked])).toEqual([
      ["instant", false],
      ["daily", true],
      ["off", false],
    ]);
    expect(zh[1]!.label).toBe("每日摘要：每天汇总成一封");
    expect(preferenceOptions("en", "off").map((o) => o.label)).toEqual([
      "Instant: one email per notification",
      "Daily digest: one email a day",
      "Off: no notification emails",
    ]);
    expect(
      preferenceOptions("en", "off")
        .filter((o) => o.checked)
        .map((o) => o.value),
    ).toEqual(["off"]);
  });
});

describe("presentOutboxRow", () => {
  it("labels the status and shows the creation time in China time, in each language", () => {
    // 17:05 UTC is 01:05 the next day in Beijing.
    expect(presentOutboxRow("zh-CN", email())).toMatchObject({
      to: "lin@example.cn",
      statusLabel: "待发送",
      created: "2026年12月7日 01:05",
      sent: "",
    });
    expect(presentOutboxRow("en", email())).toMatchObject({ statusLabel: "waiting", created: "7 Dec 2026, 01:05" });
  });

  it("shows when a sent email went out, and a failed one's last error and attempts", () => {
    const sent = presentOutboxRow(
      "en",
      email({ status: "sent", attempts: 1, sentAt: new Date(Date.UTC(2026, 11, 7, 2, 30)) }),
    );
    expect(sent).toMatchObject({ status: "sent", statusLabel: "sent", sent: "7 Dec 2026, 10:30", attempts: 1 });
    const failed = presentOutboxRow(
      "zh-CN",
      email({ status: "failed", attempts: 5, lastError: "550 mailbox unavailable" }),
    );
    expect(failed).toMatchObject({
      statusLabel: "未送达",
      attempts: 5,
      lastError: "550 mailbox unavailable",
      sent: "",
    });
  });

  it("names the digest states distinctly", () => {
    expect(presentOutboxRow("en", email({ status: "digest" })).statusLabel).toBe("waiting for the daily digest");
    expect(presentOutboxRow("en", email({ status: "bundled" })).statusLabel).toBe("in a digest");
  });
});
