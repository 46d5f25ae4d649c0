import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createViewEngine } from "../../../../../server/http/platform/view-engine.js";

const viewsDir = fs.mkdtempSync(path.join(os.tmpdir(), "views-"));
fs.mkdirSync(path.join(viewsDir, "pages"));
fs.writeFileSync(path.join(viewsDir, "pages", "list.hbs"), '{{join items}}|{{join items " / "}}');
const render = createViewEngine(viewsDir, { reload: false });

function renderList(lang: string): Promise<string> {
  return new Promise((resolve, reject) =>
    render(path.join(viewsDir, "pages", "list.hbs"), { lang, layout: false, items: ["材料", "化工"] }, (error, html) =>
      error ? reject(error) : resolve(html!),
    ),
  );
}

afterAll(() => fs.rmSync(viewsDir, { recursive: true, force: true }));

describe("the join helper", () => {
  it("joins a list the page's way (、 in Chinese, a comma in English) unless the template names a separator", async () => {
    expect(await renderList("zh-CN")).toBe("材料、化工|材料 / 化工");
    expect(await renderList("en")).toBe("材料, 化工|材料 / 化工");
  });
});
