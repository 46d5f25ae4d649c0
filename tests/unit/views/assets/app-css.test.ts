import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../../../server/project-root.js";

const viewsDir = path.join(projectRoot, "views");
const css = fs.readFileSync(path.join(viewsDir, "assets", "app.css"), "utf8");

/** Inputs that are not boxes to type into: styled on their own, or not at all. */
const notTextBoxes = new Set(["hidden", "checkbox", "radio", "file", "submit", "button"]);

function templates(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return templates(full);
    return entry.name.endsWith(".hbs") ? [full] : [];
  });
}

/** Every `type` of <input> the templates use for typing text, with a template that uses it. */
function textInputTypes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of templates(viewsDir)) {
    for (const [, type] of fs.readFileSync(file, "utf8").matchAll(/<input\b[^>]*\btype="([a-z-]+)"/g)) {
      if (!notTextBoxes.has(type!) && !found.has(type!)) found.set(type!, path.relative(viewsDir, file));
    }
  }
  return found;
}

describe("app.css", () => {
  it("styles every kind of text box the pages use like the others (border, padding, full width)", () => {
    const boxRule = /((?:input\[type="[a-z-]+"\],\s*)+)select,\s*textarea\s*\{/.exec(css);
    expect(boxRule).not.toBeNull();
    const styled = new Set([...boxRule![1]!.matchAll(/input\[type="([a-z-]+)"\]/g)].map(([, type]) => type));
    const unstyled = [...textInputTypes()]
      .filter(([type]) => !styled.has(type))
      .map(([type, file]) => `${type} (${file})`);
    expect(unstyled).toEqual([]);
  });
});
