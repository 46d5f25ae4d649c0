import fs from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { translateText, type Lang } from "../i18n/translate.js";

type Render = (filePath: string, options: object, callback: (error: Error | null, html?: string) => void) => void;

function readTemplates(dir: string): Map<string, string> {
  const templates = new Map<string, string>();
  if (!fs.existsSync(dir)) return templates;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".hbs")) continue;
    const file = path.join(entry.parentPath, entry.name);
    templates.set(
      path
        .relative(dir, file)
        .replace(/\\/g, "/")
        .replace(/\.hbs$/, ""),
      fs.readFileSync(file, "utf8"),
    );
  }
  return templates;
}

/**
 * Handlebars for Express: pages render inside `layouts/main` unless they set `layout`,
 * partials come from `views/partials`, and `{{t "key"}}` translates through the i18n
 * dictionary. Templates are compiled once (or on every render with `reload` for development).
 */
export function createViewEngine(viewsDir: string, options: { reload: boolean }): Render {
  const load = () => {
    const hbs = Handlebars.create();
    hbs.registerHelper("t", function (this: unknown, key: string, helperOptions: Handlebars.HelperOptions) {
      const lang = (helperOptions.data?.root as { lang?: Lang } | undefined)?.lang ?? "zh-CN";
      return translateText(lang, key, helperOptions.hash as Record<string, string | number>);
    });
    hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
    // Lists are joined the page's way (、 in Chinese, ", " in English) unless a template names a separator.
    hbs.registerHelper("join", function (this: unknown, list: unknown, ...rest: unknown[]) {
      const helperOptions = rest.pop() as Handlebars.HelperOptions;
      const lang = (helperOptions.data?.root as { lang?: Lang } | undefined)?.lang ?? "zh-CN";
      const separator = typeof rest[0] === "string" ? rest[0] : translateText(lang, "common.listSeparator");
      return Array.isArray(list) ? list.join(separator) : "";
    });
    for (const [name, source] of readTemplates(path.join(viewsDir, "partials"))) hbs.registerPartial(name, source);
    const compiled = new Map<string, Handlebars.TemplateDelegate>();
    for (const [name, source] of readTemplates(viewsDir)) {
      if (!name.startsWith("partials/")) compiled.set(name, hbs.compile(source, { strict: false }));
    }
    return compiled;
  };
  let templates = load();
  return (filePath, renderOptions, callback) => {
    try {
      if (options.reload) templates = load();
      const name = path
        .relative(viewsDir, filePath)
        .replace(/\\/g, "/")
        .replace(/\.hbs$/, "");
      const page = templates.get(name);
      if (!page) throw new Error(`No template ${name}`);
      const data = renderOptions as { layout?: string | false };
      const body = page(data);
      const layoutName = data.layout === false ? null : `layouts/${data.layout ?? "main"}`;
      const layout = layoutName ? templates.get(layoutName) : undefined;
      if (layoutName && !layout) throw new Error(`No layout ${layoutName}`);
      callback(null, layout ? layout({ ...data, body }) : body);
    } catch (error) {
      callback(error as Error);
    }
  };
}
