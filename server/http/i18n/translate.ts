import en from "./locales/en.json" with { type: "json" };
import zhCN from "./locales/zh-CN.json" with { type: "json" };

/**
 * The user-facing page strings, one data file per language in locales/. Simplified Chinese
 * is the default language and the source of the keys; every other language must have them all.
 */
export const languages = ["zh-CN", "en"] as const;
export type Lang = (typeof languages)[number];

/** A key of the zh-CN dictionary: the compiler refuses any other. */
export type MessageKey = keyof typeof zhCN;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

/** Looks a key up and fills `{name}` placeholders. */
export function translate(lang: Lang, key: MessageKey, values: Record<string, string | number> = {}): string {
  return fill(dictionaries[lang][key], values);
}

/** For keys known only at run time (templates' `{{t "key"}}`): an unknown key shows itself so it gets noticed. */
export function translateText(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  return isMessageKey(key) ? translate(lang, key, values) : fill(key, values);
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function allMessageKeys(): MessageKey[] {
  return Object.keys(zhCN) as MessageKey[];
}
