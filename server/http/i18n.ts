/**
 * The one dictionary of user-facing page strings. Simplified Chinese is the default
 * language; English is kept beside it so every key exists in both.
 */
export const languages = ["zh-CN", "en"] as const;
export type Lang = (typeof languages)[number];

const dictionary = {
  "app.name": { "zh-CN": "科桥", en: "SciBridge" },
  "app.tagline": { "zh-CN": "学会知识协作与专家对接平台", en: "Knowledge collaboration and expert matching for learned societies" },
  "error.title": { "zh-CN": "出错了", en: "Something went wrong" },
  "error.back": { "zh-CN": "返回首页", en: "Back to home" },
  "error.requestId": { "zh-CN": "请求编号", en: "Request id" },
} satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof dictionary;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(dictionary, key);
}

/** Looks a key up and fills `{name}` placeholders; an unknown key shows itself so it gets noticed. */
export function translate(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  const template = isMessageKey(key) ? dictionary[key][lang] : key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function allMessageKeys(): string[] {
  return Object.keys(dictionary);
}
