/**
 * Stop words, applied to documents and queries alike (a stop word is never a term).
 *
 * Chinese: only function words as jieba emits them as whole tokens — particles, conjunctions,
 * prepositions, pronouns, the formulaic openers of abstracts and patents (本文, 一种) and the
 * empty verbs 进行 and 通过. A stop word only matches a whole token, so 对 goes but 对称 and 对虾
 * stay, 的 goes but 目的 stays. Content words stay even when frequent: 研究 (研究院, 研究方向),
 * 方法, 技术, 系统, 分析 — ranking (IDF) handles frequency; dropping them would make a query
 * for 研究方法 lose half its meaning. 中 (in 在…中) goes; 上/下 stay (上游, 下游 are words anyway
 * but a lone 上 can be meaningful in titles).
 *
 * English: a short list of determiners, prepositions, conjunctions and auxiliaries. Kept on
 * purpose: "it" (IT industry), "no" (nitric oxide, NO), "us", "can", "may" — they carry meaning
 * often enough in this domain. "and", "or", "not" are stop words, which also neutralises the
 * AND/OR/NOT operators users type into a search box; "near" stays a plain word.
 */
// prettier-ignore
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set([
  "的", "地", "得", "之", "了", "着", "过", "吗", "呢", "吧", "啊",
  "和", "与", "及", "以及", "或", "或者", "并", "并且", "而", "而且", "且", "但", "但是", "然而", "即",
  "则", "若", "如", "如果", "因", "因为", "因此", "所以", "由于", "虽然", "从而", "进而",
  "在", "于", "对", "对于", "为", "为了", "以", "由", "从", "自", "把", "被", "将", "向", "按", "据",
  "基于", "关于", "通过", "根据", "经过", "针对",
  "是", "有", "也", "都", "就", "又", "还", "再", "更", "最", "很", "较",
  "这", "那", "此", "其", "该", "这些", "那些", "这个", "那个", "这种", "那种", "其中", "其他", "各", "每",
  "我们", "我", "本文", "文中", "一种", "一个", "一些", "等", "等等", "中", "进行", "可", "可以", "能", "能够",
  "已", "已经", "所", "之间",
]);

// prettier-ignore
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  "a", "an", "the", "and", "or", "not", "nor", "but", "if", "then", "else", "than",
  "of", "in", "on", "at", "to", "for", "from", "by", "with", "without", "into", "onto", "over", "under",
  "about", "as", "via", "per", "within", "between", "through", "during",
  "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "has", "have", "had",
  "this", "that", "these", "those", "there", "their", "they", "them", "its", "such", "which", "who", "whom",
  "whose", "what", "when", "where", "while", "we", "our", "you", "your", "he", "she", "his", "her",
  "will", "would", "should", "could", "also", "so", "very", "both", "each", "other", "some", "any",
]);

const ALL_STOP_WORDS: ReadonlySet<string> = new Set([...CHINESE_STOP_WORDS, ...ENGLISH_STOP_WORDS]);

export function isStopWord(term: string): boolean {
  return ALL_STOP_WORDS.has(term);
}
