import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "../../../../../server/http/i18n/locales/en.json" with { type: "json" };
import zhCN from "../../../../../server/http/i18n/locales/zh-CN.json" with { type: "json" };
import {
  allMessageKeys,
  isMessageKey,
  languages,
  messageOf,
  translate,
  translateText,
} from "../../../../../server/http/i18n/translate.js";
import { repoRoot } from "../../../../support/paths.js";

const viewsDir = path.join(repoRoot, "views");

function templates(): { file: string; source: string }[] {
  return fs
    .readdirSync(viewsDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".hbs"))
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { file: path.relative(viewsDir, file), source: fs.readFileSync(file, "utf8") };
    });
}

/** The HTTP layer's TypeScript (routes, pages, view models), which builds what the pages show. */
function httpSources(): { file: string; source: string }[] {
  const dir = path.join(repoRoot, "server", "http");
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { file: path.relative(dir, file).replace(/\\/g, "/"), source: fs.readFileSync(file, "utf8") };
    });
}

/** Source without block and line comments (a `//` inside a string is kept). */
const withoutComments = (source: string) =>
  source.replace(
    /\/\*[\s\S]*?\*\/|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)|\/\/.*$/gm,
    (whole, quoted) => (typeof quoted === "string" ? quoted : whole.replace(/[^\n]/g, "")),
  );

/** The quoted strings of one line of code. */
const stringLiterals = (line: string) => line.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g) ?? [];

/** Keys used as `{{t "key"}}` or as a subexpression `(t "key")`. */
function keysUsedIn(source: string): string[] {
  return [...source.matchAll(/(?:\{\{~?|\()\s*t\s+["']([^"']+)["']/g)].map((match) => match[1]!);
}

/** Full-width colon, comma, full stop, semicolon, brackets, enumeration comma, corner quotes, ideographic space. */
const fullWidthPunctuation = /[：，。；（）！？、「」\u3000]/;

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("i18n dictionary", () => {
  it("has every key used by the templates", () => {
    const found = templates().flatMap(({ file, source }) => keysUsedIn(source).map((key) => ({ file, key })));
    expect(found.length).toBeGreaterThan(100);
    const missing = found.filter(({ key }) => !isMessageKey(key)).map(({ file, key }) => `${file}: ${key}`);
    expect(missing).toEqual([]);
  });

  it("finds keys written either way", () => {
    expect(keysUsedIn(`{{t "a.b"}} {{> x title=(t "c.d")}} {{~t 'e.f'}}`)).toEqual(["a.b", "c.d", "e.f"]);
  });

  it("has the same keys in every locale file as in zh-CN.json", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it("translates every key into every language with the same placeholders", () => {
    for (const key of allMessageKeys()) {
      const [zh, en] = languages.map((lang) => translate(lang, key));
      expect(zh, key).not.toBe("");
      expect(en, key).not.toBe("");
      expect(placeholders(zh!), key).toEqual(placeholders(en!));
    }
  });

  it("fills placeholders and shows unknown keys as themselves", () => {
    expect(translate("zh-CN", "technology.trl", { level: 6 })).toBe("技术成熟度 TRL 6/9");
    expect(translate("en", "technology.trl", { level: 6 })).toBe("Technology readiness TRL 6/9");
    expect(translateText("en", "no.such.key")).toBe("no.such.key");
    expect(translateText("en", "technology.trl", { level: 6 })).toBe("Technology readiness TRL 6/9");
  });

  it("picks the plural form the count calls for (Intl.PluralRules): 1 vote, 2 votes; 1 票, 2 票", () => {
    expect([0, 1, 2, 21].map((count) => translate("en", "minutes.votes", { count }))).toEqual([
      "0 votes",
      "1 vote",
      "2 votes",
      "21 votes",
    ]);
    expect([1, 2].map((count) => translate("zh-CN", "minutes.votes", { count }))).toEqual(["1 票", "2 票"]);
    expect(translate("en", "salonRoom.questions.pendingCount", { count: 1 })).toBe("1 question awaiting approval");
    expect(translate("en", "expert.capacityValue", { count: 1 })).toBe("Up to 1 need at a time");
    // Without a count (a template showing the pattern), the general form.
    expect(translate("en", "salonRoom.polls.voters")).toBe("{count} voters");
  });

  it("gives every plural message, in every locale, only its language's categories, all of them, with {count}", () => {
    for (const lang of languages) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const key of allMessageKeys()) {
        const message = messageOf(lang, key);
        if (typeof message === "string") continue;
        expect(Object.keys(message).sort(), `${lang} ${key}`).toEqual([...categories].sort());
        for (const form of Object.values(message)) expect(form, `${lang} ${key}`).toContain("{count}");
      }
    }
  });

  it("writes English messages with English punctuation, never full-width colons, commas or brackets", () => {
    const fullWidth = allMessageKeys().filter((key) => fullWidthPunctuation.test(translate("en", key)));
    expect(fullWidth).toEqual([]);
  });

  it("writes English messages in English: Chinese only where the Chinese itself is meant", () => {
    // The name's Chinese half, the language switch's 中文, headers and values people may type in
    // Chinese (an import's columns, 是/否), and the search box's example of a Chinese query.
    const chineseMeant = [
      "app.altName",
      "app.fullName",
      "lang.zh",
      "import.intro",
      "lineReason.not_boolean",
      "search.form.placeholder",
    ];
    const chinese = allMessageKeys().filter(
      (key) => !chineseMeant.includes(key) && /\p{Script=Han}/u.test(JSON.stringify(messageOf("en", key))),
    );
    expect(chinese).toEqual([]);
  });

  it("hard-codes no full-width punctuation in templates and scripts both languages share (it would show on English pages)", () => {
    // Chinese-only emails (*.zh-CN.hbs) may; everything else takes its punctuation from the locale
    // (common.labelled, common.inParentheses, common.listSeparator). Comments say why, in any language.
    const shared = [
      ...templates().filter(({ file }) => !file.endsWith(".zh-CN.hbs")),
      ...fs
        .readdirSync(path.join(viewsDir, "assets"))
        .filter((name) => name.endsWith(".js"))
        .map((name) => ({
          file: `assets/${name}`,
          source: fs.readFileSync(path.join(viewsDir, "assets", name), "utf8"),
        })),
    ];
    const leaks = shared.flatMap(({ file, source }) =>
      source
        .replace(/\{\{!--[\s\S]*?--\}\}|\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")
        .split("\n")
        .filter((line) => fullWidthPunctuation.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(leaks).toEqual([]);
  });

  it("hard-codes no full-width punctuation in strings of the HTTP layer's code (lists, labels: it would show on English pages)", () => {
    // Lists shown to people are joined with common.listSeparator (joinList), edit forms' lists too.
    // Regular expressions that read typed text may name full-width marks (they are no strings).
    const allowed = [
      // The search index's own list separator, split back into runs: never shown.
      { file: "search/search.view-models.ts", code: 'splitRuns(highlights.keywords, "；")' },
    ];
    const leaks = httpSources().flatMap(({ file, source }) =>
      withoutComments(source)
        .split("\n")
        .filter((line) => stringLiterals(line).some((literal) => fullWidthPunctuation.test(literal)))
        .filter((line) => !allowed.some((allowance) => allowance.file === file && line.includes(allowance.code)))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(leaks).toEqual([]);
  });

  it("finds full-width punctuation in any quoted string but not in comments or regular expressions", () => {
    const source = 'a.join("、"); b.join(\'，\'); c.join(`；`);\n// 、\nd.split(/[,，、]/); /* （ */ e("x")';
    expect(withoutComments(source).split("\n").flatMap(stringLiterals)).toEqual(['"、"', "'，'", "`；`", '"x"']);
  });

  it("leaves no English count-of-things message without plural forms", () => {
    // "{count} <noun>s": such a message reads "1 votes" unless it has a form for one.
    const singularNeeded = allMessageKeys().filter((key) => {
      const message = messageOf("en", key);
      // "{count} attempt(s)", "{meetings} meeting(s)": a count can have its plural forms, or stand after a label.
      return typeof message === "string" && /\{count\} (?:more )?[a-z]+s\b|\{\w+\} [a-z]+\(s\)/.test(message);
    });
    expect(singularNeeded).toEqual([]);
  });
});
