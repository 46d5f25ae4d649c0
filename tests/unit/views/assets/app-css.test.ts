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

/** Classes app.css defines a rule for (any selector that names them). */
const definedClasses = new Set([...css.matchAll(/\.([a-zA-Z][\w-]*)/g)].map(([, name]) => name));

/**
 * The classes that only exist to look like something: those of a <label> (how a box and its
 * words sit), the alert and badge variants, and the card layouts. Each must have a rule, or the element shows as
 * bare text (a checkbox run together with the next, a success notice styled as nothing).
 */
function presentationalClasses(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of templates(viewsDir)) {
    const html = fs.readFileSync(file, "utf8");
    const classLists = [
      ...[...html.matchAll(/<label\b[^>]*\bclass="([^"{}]+)"/g)].map(([, list]) => list!),
      ...[...html.matchAll(/\bclass="([^"]*)"/g)].map(([, list]) =>
        list!
          .split(/\s+/)
          .filter((c) => /^(alert|badge|card)-/.test(c))
          .join(" "),
      ),
    ];
    for (const name of classLists.flatMap((list) => list.split(/\s+/)).filter(Boolean)) {
      if (!found.has(name)) found.set(name, path.relative(viewsDir, file));
    }
  }
  return found;
}

describe("app.css", () => {
  it("has a rule for every label, alert, badge and card class the pages use", () => {
    const missing = [...presentationalClasses()]
      .filter(([name]) => !definedClasses.has(name))
      .map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });

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
