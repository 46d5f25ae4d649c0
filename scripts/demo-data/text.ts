/**
 * Text clean-up for CSL strings and the rules that turn a paper title into a
 * technology (achievement) title.
 */

/**
 * Trims, collapses whitespace and removes HTML-like characters: `<书名>` becomes
 * `《书名》`, other angle brackets become full-width, `&` becomes `＆`, and
 * straight double quotes become paired Chinese quotes.
 */
export function cleanText(input: string): string {
  let s = input.replace(/\s+/g, " ").trim();
  s = s.replace(/<([^<>]{1,40}[\u4e00-\u9fff][^<>]{0,40})>/g, "《$1》");
  s = s.replace(/</g, "＜").replace(/>/g, "＞").replace(/&/g, "＆");
  let open = true;
  s = s.replace(/"/g, () => {
    const q = open ? "“" : "”";
    open = !open;
    return q;
  });
  return s.replace(/\s+([，。；：、])/g, "$1").trim();
}

/** Paper title without footnote markers and part numbers. */
export function cleanTitle(title: string): string {
  return cleanText(title)
    .replace(/[*＊]+$/, "")
    .replace(/[（(][上中下][）)]$/, "")
    .replace(/\?$/, "") // an encoding artefact in CSL, not a question mark
    .trim();
}

/** Words that say nothing about an expert's field when used as a keyword. */
const KEYWORD_STOPLIST = new Set([
  "应用",
  "研究",
  "分析",
  "问题",
  "对策",
  "措施",
  "发展",
  "管理",
  "生产",
  "影响",
  "技术",
  "方法",
  "设计",
  "综述",
  "研究进展",
  "进展",
  "现状",
  "建议",
  "效果",
  "质量",
  "中国",
  "我国",
  "科学",
  "种类",
  "条件",
  "指标",
  "增强",
  "简易",
  "功效",
  "过程",
  "实践",
  "收入",
  "证明",
  "劳动",
  "困扰",
  "控制",
  "市场",
  "经济效益",
  "性能",
  "特点",
  "思考",
  "体会",
  "作用",
  "意义",
  "原因",
  "效益",
  "规律",
  "试验",
  "实验",
  "观察",
  "对照观察",
  "开发",
  "模拟",
  "仿真",
  "优化",
  "机理",
  "评价",
  "对比",
  "老年",
  "急性期",
  "千克",
  "省级",
  "国家级",
  "面积",
  "单产",
  "养殖户",
  "问题与对策",
  "现状分析",
  "影响因素",
  "对比分析",
  "应用案例",
  "资源",
  "要求",
  "策略",
  "方案",
  "原理",
  "因素",
  "患者",
  "临床",
  "治疗",
  "疗效",
  "临床应用",
  "测试",
  "区划",
  "生态",
  "自然",
  "合成",
  "大鼠",
  "制备",
  "生长",
  "产量",
  "测定",
  "试验研究",
  "实验研究",
  "预测",
  "分布",
  "干预",
  "形态",
  "模型",
  "品质",
  "信息",
  "系统",
  "结构",
  "污染",
  "防治对策",
  "添加剂",
  "江苏省",
  "权重",
  "国内",
  "选择",
  "工艺",
  "稳定性",
  "监测",
  "统计",
  "检测",
  "含量",
  "云南",
  "防治",
  "提取",
  "改性",
  "温度",
  "阈值",
  "改建",
  "发病率",
  "儿童",
  "布局",
  "品种",
  "种子",
  "选育",
  "可持续发展",
  "生态环境",
  "加固",
  "技术要求",
  "相关性",
  "小型",
  "血液",
]);

/** Trimmed, de-duplicated, sensible keywords (stoplisted and odd ones dropped), original order. */
export function cleanKeywords(keywords: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of keywords) {
    const k = cleanText(raw).replace(/^[“”]+|[“”]+$/g, "");
    if (k.length < 2 || k.length > 20) continue;
    if (/[:：]/.test(k)) continue; // library classification labels, not author keywords
    if (/研究$/.test(k)) continue; // "关系研究", "试验研究": phrasing, not a topic
    if (KEYWORD_STOPLIST.has(k)) continue;
    if (/^[\d.％%\s-]+$/.test(k)) continue;
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

/** Titles that describe reviews, surveys, opinions or mechanisms rather than a transferable result. */
const NOT_A_TECHNOLOGY =
  /综述|进展|现状|述评|浅谈|浅析|探讨|思考|体会|对策|调查|问题|意义|认识|经验|概述|展望|回顾|启示|思路|必要性|可行性|如何|影响|讲究|\d+例|前后|巧|世纪|要求|观察|护理|病例|报告|机理|机制|规律|比较|评议|讨论|关系|相关性|价值|特征|特性|评估|启发|理念|教学|要点|趋势|小结|初报|会议|[?？]|论$|分析$|试验$/;

/** A title ends with one of these when it already reads as a technology. */
const TECHNOLOGY_ENDING =
  /(方法|技术|工艺|系统|装置|设备|算法|模型|平台|方案|材料|制剂|配方|品种|机|器|仪|剂|法|框架|软件|涂层|电池|膜|判据|罐头|胶凝材料|活性炭|工艺优化|设计|在.{2,24}中的应用)$/;

/** Process words after which "技术" (or "方法" for measurement) makes an achievement name. */
const PROCESS_ENDING =
  /(培育|栽培|养殖|繁育|防治|处理|提取|改性|加工|修复|去除|降解|净化|控制|检测|测定|监测|识别|预测|诊断|反演|提纯|回收|利用)$/;

/**
 * Turns a CSL paper title into an achievement title, or returns null when the
 * paper does not read as something transferable (a review, a mechanism study…).
 * Examples: "原状脱硫石膏泡沫混凝土的制备与性能研究" → "原状脱硫石膏泡沫混凝土制备技术";
 * "多级2K-H行星减速器设计系统的开发" → "多级2K-H行星减速器设计系统".
 */
export function technologyTitle(paperTitle: string): string | null {
  let t = cleanTitle(paperTitle);
  if (NOT_A_TECHNOLOGY.test(t)) return null;
  if (/[：:—.．]/.test(t)) return null; // subtitles and series numbers read badly as achievement names
  t = t.replace(/^(试论|论|关于)/, "");

  // Strip research phrasing at the end, repeatedly: "…的试验研究", "…初探", "…设计与实现".
  for (let i = 0; i < 3; i++) {
    t = t
      .replace(/中的应用研究$/, "中的应用")
      .replace(/(的)?(初步|试验|实验|仿真|数值|理论|技术)?研究$/, "")
      .replace(/(初探|探索|探究)$/, "")
      .replace(/的?(设计与实现|实现)$/, "")
      .replace(/的?(研制|开发|建立|构建)(及(其)?应用)?$/, "")
      .replace(/(及其|及|与)应用$/, "")
      .trim();
  }
  if (/研究|试验|实验/.test(t)) return null;

  const made = /^(.+?)的?(制备|合成)(?:[与及和、].*)?$/.exec(t);
  const bred = /^(.+?)的?选育(?:[与及和、].*)?$/.exec(t);
  if (made?.[1] && made[2]) {
    t = `${made[1]}${made[2] === "制备" ? "制备技术" : "合成工艺"}`;
  } else if (bred?.[1]) {
    t = bred[1];
  } else if (PROCESS_ENDING.test(t)) {
    t = t.replace(/的$/, "");
    t += /(检测|测定|监测|识别|预测|诊断|反演)$/.test(t) ? "方法" : "技术";
  } else if (!TECHNOLOGY_ENDING.test(t)) {
    return null;
  }
  t = t.trim();
  if (t.length < 6 || t.length > 32) return null;
  return t;
}
