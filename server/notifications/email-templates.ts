import fs from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { projectRoot } from "../project-root.js";
import { emailKinds, emailLanguages, type EmailKind, type EmailLanguage } from "./email.types.js";

export const emailTemplatesDir = path.join(projectRoot, "views", "emails");

type Template = Handlebars.TemplateDelegate;

/** A template file is its subject line, a `---` line, then the plain-text body. */
function compileFile(file: string): { subject: Template; body: Template } {
  const source = fs.readFileSync(file, "utf8");
  const separator = source.indexOf("\n---\n");
  if (separator < 0) throw new Error(`${file}: expected a subject line, then a line "---", then the body`);
  // Plain text: nothing is HTML, so nothing is HTML-escaped (names stay 黄志明 & Co., not &amp;).
  const options = { noEscape: true, strict: false };
  return {
    subject: Handlebars.compile(source.slice(0, separator).trim(), options),
    body: Handlebars.compile(source.slice(separator + 5), options),
  };
}

/**
 * The bilingual email templates in views/emails (`<kind>.<language>.hbs`, and
 * `footer.<language>.hbs` with the unsubscribe link), compiled once at start-up: a missing
 * template fails the start, not the first email.
 */
export class EmailTemplates {
  private readonly templates = new Map<string, { subject: Template; body: Template }>();
  private readonly footers = new Map<EmailLanguage, Template>();

  constructor(dir = emailTemplatesDir) {
    for (const language of emailLanguages) {
      for (const kind of emailKinds) {
        this.templates.set(`${kind}.${language}`, compileFile(path.join(dir, `${kind}.${language}.hbs`)));
      }
      const footer = fs.readFileSync(path.join(dir, `footer.${language}.hbs`), "utf8");
      this.footers.set(language, Handlebars.compile(footer, { noEscape: true }));
    }
  }

  render(
    kind: EmailKind,
    language: EmailLanguage,
    values: Record<string, unknown>,
    unsubscribeUrl: string,
  ): { subject: string; text: string } {
    const template = this.templates.get(`${kind}.${language}`)!;
    const subject = template.subject(values).replace(/\s+/g, " ").trim();
    const body = template
      .body(values)
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd();
    return { subject, text: `${body}\n${this.footers.get(language)!({ unsubscribeUrl })}` };
  }
}
