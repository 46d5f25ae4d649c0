import path from "node:path";
import { describe, expect, it } from "vitest";
import { createViewEngine } from "../../../server/http/platform/view-engine.js";
import { projectRoot } from "../../../server/project-root.js";

const viewsDir = path.join(projectRoot, "views");
const render = createViewEngine(viewsDir, { reload: false });

function inboxHtml(suggestions: object[]): Promise<string> {
  return new Promise((resolve, reject) =>
    render(
      path.join(viewsDir, "pages", "inbox.hbs"),
      { layout: false, lang: "zh-CN", suggestions, invitations: [] },
      (error, html) => (error ? reject(error) : resolve(html!)),
    ),
  );
}

const suggestion = (why: object | null) => ({ rank: 1, need: { title: "茶叶萎凋智能控制", href: "/needs/1" }, why });

describe("the inbox's suggestions", () => {
  it("say a suggestion's reasons are being prepared when the request had no time to explain it", async () => {
    const html = await inboxHtml([suggestion(null)]);
    expect(html).toContain("推荐理由正在整理，稍后刷新即可看到。");
    expect(html).not.toContain('match-why"');
  });

  it("show the reasons, and no such note, once they are there", async () => {
    const html = await inboxHtml([suggestion({ terms: ["萎凋"], evidence: [], notes: [] })]);
    expect(html).toContain("萎凋");
    expect(html).not.toContain("推荐理由正在整理");
  });
});
