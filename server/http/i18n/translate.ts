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

/**
 * A message whose wording depends on `{count}` ("1 vote", "2 votes"): one text per plural
 * category of the language (Intl.PluralRules: zero, one, two, few, many, other); `other` is
 * required and used for the rest. Chinese has no plural forms and keeps plain strings.
 */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;

const dictionaries: Record<Lang, Record<MessageKey, Message>> = { "zh-CN": zhCN, en };

const pluralRules = new Map<Lang, Intl.PluralRules>();
function pluralCategory(lang: Lang, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(count);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

/** A key's message as the dictionary holds it (with every plural form), for scripts that fill it in the browser. */
export function messageOf(lang: Lang, key: MessageKey): Message {
  return dictionaries[lang][key];
}

/** Looks a key up, picks the plural form `{count}` calls for, and fills `{name}` placeholders. */
export function translate(lang: Lang, key: MessageKey, values: Record<string, string | number> = {}): string {
  const message = dictionaries[lang][key];
  if (typeof message === "string") return fill(message, values);
  const count = Number(values.count);
  const form = Number.isFinite(count) ? message[pluralCategory(lang, count)] : undefined;
  return fill(form ?? message.other, values);
}

/** For keys known only at run time (templates' `{{t "key"}}`): an unknown key shows itself so it gets noticed. */
export function translateText(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  return isMessageKey(key) ? translate(lang, key, values) : fill(key, values);
}

/** Items joined the page's way (`common.listSeparator`): 、 in Chinese, ", " in English. */
export function joinList(lang: Lang, items: readonly string[]): string {
  return items.join(translate(lang, "common.listSeparator"));
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function allMessageKeys(): MessageKey[] {
  return Object.keys(zhCN) as MessageKey[];
}
