import { normalizeText } from "../../matching/index.js";
import { transferModes, type TransferMode } from "./knowledge.types.js";

/**
 * How import files name each transfer mode besides its code: first the label the pages show, then
 * the usual words of technology-transfer offices and of the contract types of China's Civil Code
 * (技术开发 and 委托开发 contracts are development done together: cooperation), in Simplified
 * Chinese and English (Traditional text is folded to Simplified before the lookup, so 專利許可
 * finds 专利许可).
 */
// prettier-ignore
const namesByMode: Record<TransferMode, readonly string[]> = {
  license: ["专利许可", "许可", "技术许可", "许可使用", "专利实施许可", "普通许可", "排他许可", "独占许可", "授权", "授权使用", "licensing", "licence", "patent license", "patent licensing", "technology licensing"],
  transfer: ["技术转让", "转让", "专利转让", "成果转让", "专利权转让", "专利申请权转让", "技术秘密转让", "assignment", "sale", "technology transfer", "patent transfer"],
  cooperation: ["合作开发", "合作", "技术合作", "合作转化", "联合开发", "产学研合作", "技术开发", "委托开发", "joint development", "co-development", "collaboration", "commissioned development"],
  equity: ["作价入股", "入股", "技术入股", "股权", "股权投资", "作价投资", "equity investment", "investment"],
  service: ["技术服务", "服务", "技术咨询", "咨询", "技术培训", "technical services", "technical service", "consulting", "consultancy"],
};

/** Case, width, script, spaces, hyphens and underscores do not tell two names apart. */
const keyOf = (name: string) =>
  normalizeText(name)
    .toLowerCase()
    .replace(/[\s_-]+/g, "");

/**
 * Built on the first lookup, not on import: keys go through the text analyser, whose dictionaries
 * take a quarter of a second to load, and a process that never reads a transfer mode (the import
 * CLI with an experts file, or stopping at a usage error) should not pay for them.
 */
let modeByKey: Map<string, TransferMode> | undefined;
const modesByKey = () =>
  (modeByKey ??= new Map(
    transferModes.flatMap((mode) => [mode, ...namesByMode[mode]].map((name) => [keyOf(name), mode] as const)),
  ));

/** Names may come in one cell or string, joined by 、 or commas: `许可、转让`. */
export function splitTransferModeNames(names: readonly string[]): string[] {
  return names
    .flatMap((name) => name.split(/[、,，]/))
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/** The transfer mode a code or a name stands for, or null when it names none. */
export function transferModeOf(name: string): TransferMode | null {
  return modesByKey().get(keyOf(name)) ?? null;
}

/** Every mode with the label the pages show, for error messages: `license (专利许可), …`. */
export const transferModeExamples = transferModes.map((mode) => `${mode} (${namesByMode[mode][0]})`).join(", ");
