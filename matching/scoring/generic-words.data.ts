/**
 * Words that say what a need wants done, not what it is about: shared with an expert, they are
 * no evidence of expertise (a herbal-medicine need and a machine-tool expert share 加工 and
 * 提升). Explanations do not list them as matched terms and the match strength (coverage) does
 * not count them. Ranking still sees them, weighted by their idf like every other word.
 */
// prettier-ignore
export const genericWords: readonly string[] = [
  "提升", "提高", "改进", "改善", "优化", "降低", "减少", "增加", "增强", "实现", "解决", "满足",
  "开发", "研制", "研发", "设计", "应用", "利用", "采用", "构建", "建立", "探索", "加工", "生产",
  "问题", "需求", "方法", "技术", "研究", "分析", "影响", "效果", "关键", "新型", "高效", "快速",
  "导致", "不足", "存在", "相关", "主要", "不同", "较高", "较低",
  "improve", "improvement", "enhance", "reduce", "increase", "develop", "development", "design",
  "apply", "application", "method", "approach", "technique", "study", "analysis", "novel", "new",
  "based", "using", "towards", "efficient",
];
