/**
 * Which CSL disciplines become Fujian expert profiles, and which disciplines
 * are neighbours (an expert occasionally has one paper from a neighbour).
 *
 * The association of science and technology (科协) covers the natural
 * sciences, engineering, agriculture and medicine; humanities and social
 * science papers (哲学, 法学, 历史学 …) and a few disciplines without a
 * plausible Fujian home (兵器科学与技术, 军事学) are left out.
 */

export interface DisciplineProfile {
  /** CSL discipline name, used verbatim in the output. */
  name: string;
  /** Disciplines an expert of this one plausibly also publishes in. */
  neighbours: readonly string[];
}

export const EXPERT_DISCIPLINES: readonly DisciplineProfile[] = [
  { name: "材料科学与工程", neighbours: ["化学/化学工程与技术", "冶金工程"] },
  { name: "化学/化学工程与技术", neighbours: ["材料科学与工程", "环境科学与工程"] },
  { name: "冶金工程", neighbours: ["材料科学与工程", "矿业工程"] },
  { name: "矿业工程", neighbours: ["地质学/地质资源与地质工程", "冶金工程"] },
  { name: "石油与天然气工程", neighbours: ["化学/化学工程与技术", "地质学/地质资源与地质工程"] },
  { name: "机械工程", neighbours: ["力学", "控制科学与工程"] },
  { name: "力学", neighbours: ["机械工程", "土木工程"] },
  { name: "控制科学与工程", neighbours: ["电气工程", "计算机科学与技术"] },
  { name: "电气工程", neighbours: ["控制科学与工程", "动力工程及工程热物理"] },
  { name: "动力工程及工程热物理", neighbours: ["电气工程", "机械工程"] },
  { name: "核科学与技术", neighbours: ["动力工程及工程热物理", "物理学"] },
  { name: "航空宇航科学与技术", neighbours: ["力学", "机械工程"] },
  { name: "电子科学与技术", neighbours: ["光学工程", "信息与通信工程"] },
  { name: "光学工程", neighbours: ["电子科学与技术", "物理学"] },
  { name: "信息与通信工程", neighbours: ["计算机科学与技术", "电子科学与技术"] },
  { name: "计算机科学与技术", neighbours: ["信息与通信工程", "控制科学与工程"] },
  { name: "数学", neighbours: ["计算机科学与技术"] },
  { name: "物理学", neighbours: ["光学工程", "电子科学与技术"] },
  { name: "天文学", neighbours: ["物理学"] },
  { name: "土木工程", neighbours: ["力学", "建筑学", "交通运输工程"] },
  { name: "建筑学", neighbours: ["土木工程"] },
  { name: "交通运输工程", neighbours: ["土木工程"] },
  { name: "水利工程", neighbours: ["土木工程", "环境科学与工程"] },
  { name: "测绘科学与技术", neighbours: ["地理学"] },
  { name: "地理学", neighbours: ["测绘科学与技术", "大气科学"] },
  { name: "大气科学", neighbours: ["地理学", "海洋科学"] },
  { name: "地质学/地质资源与地质工程", neighbours: ["矿业工程", "地球物理学"] },
  { name: "地球物理学", neighbours: ["地质学/地质资源与地质工程"] },
  { name: "海洋科学", neighbours: ["水产", "大气科学"] },
  { name: "船舶与海洋工程", neighbours: ["海洋科学", "机械工程"] },
  { name: "环境科学与工程", neighbours: ["化学/化学工程与技术", "农业资源利用"] },
  { name: "纺织科学与工程", neighbours: ["材料科学与工程"] },
  { name: "食品科学与工程", neighbours: ["生物学/生物科学与工程", "园艺学"] },
  { name: "生物学/生物科学与工程", neighbours: ["食品科学与工程", "基础医学/临床医学"] },
  { name: "作物学", neighbours: ["农业资源利用", "园艺学", "植物保护"] },
  { name: "园艺学", neighbours: ["作物学", "食品科学与工程"] },
  { name: "植物保护", neighbours: ["作物学", "园艺学"] },
  { name: "农业资源利用", neighbours: ["作物学", "环境科学与工程"] },
  { name: "农业工程", neighbours: ["食品科学与工程", "机械工程"] },
  { name: "林学/林业工程", neighbours: ["园艺学"] },
  { name: "畜牧学/兽医学", neighbours: ["生物学/生物科学与工程"] },
  { name: "水产", neighbours: ["海洋科学", "食品科学与工程"] },
  { name: "农林经济管理", neighbours: ["作物学"] },
  { name: "中医学/中药学", neighbours: ["药学"] },
  { name: "药学", neighbours: ["中医学/中药学"] },
  { name: "基础医学/临床医学", neighbours: ["公共卫生与预防医学", "药学"] },
  { name: "口腔医学", neighbours: ["基础医学/临床医学"] },
  { name: "公共卫生与预防医学", neighbours: ["基础医学/临床医学"] },
];

export const EXPERT_DISCIPLINE_NAMES: ReadonlySet<string> = new Set(EXPERT_DISCIPLINES.map((d) => d.name));

export function neighboursOf(discipline: string): readonly string[] {
  return EXPERT_DISCIPLINES.find((d) => d.name === discipline)?.neighbours ?? [];
}
