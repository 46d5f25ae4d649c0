import type { ImportKind } from "../../knowledge/import/import-records.schemas.js";
import { tableColumns } from "../../knowledge/import/table-record-mapping.js";
import { translate, type Lang, type MessageKey } from "../i18n/translate.js";

/**
 * Rejection reasons in the page's language. The importer writes each reason in English (the
 * command line, the JSON API and stored reports keep that text; it is stable): issues joined
 * by `; `, each `field: message`. Each message has one of the forms below, which is looked up
 * in the locale files; the field is shown by its Chinese column header on Chinese pages. A
 * message of no known form (a zod default) is shown as it is rather than hidden.
 */
const reasonForms: { pattern: RegExp; key: MessageKey; names: string[] }[] = [
  { pattern: /^required( \(empty after trimming\))?$/, key: "import.reason.required", names: [] },
  { pattern: /^longer than (\d+) characters$/, key: "import.reason.tooLong", names: ["max"] },
  { pattern: /^an item is longer than (\d+) characters$/, key: "import.reason.itemTooLong", names: ["max"] },
  { pattern: /^more than (\d+) (?:items|publications)$/, key: "import.reason.tooMany", names: ["max"] },
  {
    pattern: /^expected an integer from (-?\d+) to (-?\d+)$/,
    key: "import.reason.integerRange",
    names: ["min", "max"],
  },
  { pattern: /^expected one of (.+)$/, key: "import.reason.oneOf", names: ["values"] },
  { pattern: /^expected true or false$/, key: "import.reason.boolean", names: [] },
  { pattern: /^Invalid input: expected (\w+), received \w+$/, key: "import.reason.type", names: ["expected"] },
  { pattern: /^not a valid JSON array \((.*)\)$/, key: "import.reason.jsonArray", names: ["detail"] },
  { pattern: /^invalid JSON: (.*)$/, key: "import.reason.invalidJson", names: ["detail"] },
  { pattern: /^line longer than (\d+) characters$/, key: "import.reason.lineTooLong", names: ["max"] },
  {
    pattern: /^(\d+) cells but the header names (\d+) fields$/,
    key: "import.reason.tooManyCells",
    names: ["cells", "fields"],
  },
  { pattern: /^unreadable CSV from here on: (.*)$/, key: "import.reason.unreadableCsv", names: ["detail"] },
  { pattern: /^unreadable \.xlsx file from here on: (.*)$/, key: "import.reason.unreadableXlsx", names: ["detail"] },
  { pattern: /^unreadable \.xlsx file: no worksheet found$/, key: "import.reason.noWorksheet", names: [] },
  {
    pattern: /^"(.*)" is not a transfer mode \(expected (.*)\)$/,
    key: "import.reason.unknownTransferMode",
    names: ["name", "modes"],
  },
  {
    pattern: /^unknown track "(.*)"; known codes: (.*)$/,
    key: "import.reason.unknownTrack",
    names: ["track", "codes"],
  },
  {
    pattern: /^no expert with externalId "(.*)" \(import the experts first\)$/,
    key: "import.reason.unknownOwner",
    names: ["externalId"],
  },
  { pattern: /^Contains a lone UTF-16 surrogate/, key: "import.reason.surrogate", names: [] },
];

/** `; ` separates issues only where a field path follows (`; name: …`), not inside a message. */
const issueSeparator = /; (?=[A-Za-z][\w.[\]]*: )/;
const fieldPrefix = /^([A-Za-z]\w*)((?:\[\d+\]|\.\w+)*): (.*)$/s;

function translateMessage(lang: Lang, message: string): string {
  for (const form of reasonForms) {
    const match = form.pattern.exec(message);
    if (!match) continue;
    const values = Object.fromEntries(form.names.map((name, index) => [name, match[index + 1] ?? ""]));
    return translate(lang, form.key, values);
  }
  return message;
}

function fieldLabel(lang: Lang, kind: ImportKind, field: string): string {
  if (lang === "en") return field;
  return tableColumns(kind).find((column) => column.field === field)?.chineseHeader ?? field;
}

export function translateImportReason(lang: Lang, kind: ImportKind, reason: string): string {
  return reason
    .split(issueSeparator)
    .map((issue) => {
      const match = fieldPrefix.exec(issue);
      if (!match) return translateMessage(lang, issue);
      const [, field, rest, message] = match as unknown as [string, string, string, string];
      return translate(lang, "import.reason.field", {
        field: `${fieldLabel(lang, kind, field)}${rest}`,
        message: translateMessage(lang, message),
      });
    })
    .join(translate(lang, "import.reason.separator"));
}
