/**
 * Real Fujian universities, research institutes and a hospital, with the
 * schools / laboratories (units) in which each CSL discipline plausibly sits.
 * `city` is the expert's `region`. The experts placed here are fictional.
 */

export type InstitutionKind =
  | "university" // 大学 / 学院: 教授, 副教授, 讲师 …
  | "institute" // 研究所 / 科学院: 研究员, 副研究员
  | "engineering" // 设计院, 检验院, 电科院: 高级工程师
  | "hospital"; // 附属医院: 主任医师

export const FUJIAN_CITIES = ["福州", "厦门", "泉州", "漳州", "莆田", "三明", "南平", "龙岩", "宁德"] as const;
export type FujianCity = (typeof FUJIAN_CITIES)[number];

export interface InstitutionUnit {
  /** School, department or laboratory; "" when the bio names only the institution. */
  name: string;
  disciplines: readonly string[];
  /**
   * Optional topic words per discipline: the unit hosts an expert of that
   * discipline only when the expert's papers mention one of them (a tea
   * institute takes 园艺学 experts who work on tea, not on landscaping).
   */
  topics?: Readonly<Record<string, readonly string[]>>;
}

export interface Institution {
  name: string;
  city: FujianCity;
  kind: InstitutionKind;
  /** Relative size: how many experts it contributes compared with the others. */
  weight: number;
  units: readonly InstitutionUnit[];
}

const MATERIALS = "材料科学与工程";
const CHEM = "化学/化学工程与技术";
const METAL = "冶金工程";
const MINING = "矿业工程";
const PETRO = "石油与天然气工程";
const MECH = "机械工程";
const MECHANICS = "力学";
const CONTROL = "控制科学与工程";
const ELEC = "电气工程";
const POWER = "动力工程及工程热物理";
const NUCLEAR = "核科学与技术";
const AERO = "航空宇航科学与技术";
const ELECTRONICS = "电子科学与技术";
const OPTICS = "光学工程";
const ICT = "信息与通信工程";
const CS = "计算机科学与技术";
const MATH = "数学";
const PHYSICS = "物理学";
const ASTRO = "天文学";
const CIVIL = "土木工程";
const ARCH = "建筑学";
const TRANSPORT = "交通运输工程";
const WATER = "水利工程";
const SURVEY = "测绘科学与技术";
const GEOGRAPHY = "地理学";
const ATMOS = "大气科学";
const GEOLOGY = "地质学/地质资源与地质工程";
const GEOPHYSICS = "地球物理学";
const OCEAN = "海洋科学";
const SHIP = "船舶与海洋工程";
const ENV = "环境科学与工程";
const TEXTILE = "纺织科学与工程";
const FOOD = "食品科学与工程";
const BIO = "生物学/生物科学与工程";
const CROP = "作物学";
const HORT = "园艺学";
const PLANT_PROTECTION = "植物保护";
const AGRI_RES = "农业资源利用";
const AGRI_ENG = "农业工程";
const FOREST = "林学/林业工程";
const ANIMAL = "畜牧学/兽医学";
const FISHERY = "水产";
const AGRI_ECON = "农林经济管理";
const TCM = "中医学/中药学";
const PHARMA = "药学";
const MEDICINE = "基础医学/临床医学";
const STOMATOLOGY = "口腔医学";
const PUBLIC_HEALTH = "公共卫生与预防医学";

export const FUJIAN_INSTITUTIONS: readonly Institution[] = [
  {
    name: "福州大学",
    city: "福州",
    kind: "university",
    weight: 2.2,
    units: [
      { name: "材料科学与工程学院", disciplines: [MATERIALS, METAL] },
      { name: "化学学院", disciplines: [CHEM] },
      { name: "石油化工学院", disciplines: [CHEM, PETRO] },
      { name: "机械工程及自动化学院", disciplines: [MECH, CONTROL] },
      { name: "电气工程与自动化学院", disciplines: [ELEC, CONTROL] },
      { name: "物理与信息工程学院", disciplines: [ICT, ELECTRONICS, OPTICS, PHYSICS] },
      { name: "计算机与大数据学院", disciplines: [CS] },
      { name: "数学与统计学院", disciplines: [MATH] },
      { name: "土木工程学院", disciplines: [CIVIL, MECHANICS, TRANSPORT, WATER] },
      { name: "环境与安全工程学院", disciplines: [ENV] },
      { name: "紫金地质与矿业学院", disciplines: [MINING, GEOLOGY] },
      { name: "生物科学与工程学院", disciplines: [BIO, FOOD] },
      { name: "建筑与城乡规划学院", disciplines: [ARCH] },
      { name: "数字中国研究院（福建）", disciplines: [SURVEY, GEOGRAPHY] },
    ],
  },
  {
    name: "厦门大学",
    city: "厦门",
    kind: "university",
    weight: 2.2,
    units: [
      { name: "化学化工学院", disciplines: [CHEM, PETRO] },
      { name: "材料学院", disciplines: [MATERIALS, TEXTILE] },
      { name: "海洋与地球学院", disciplines: [OCEAN, ATMOS, GEOPHYSICS, GEOLOGY, FISHERY] },
      { name: "环境与生态学院", disciplines: [ENV] },
      { name: "信息学院", disciplines: [CS, ICT, CONTROL] },
      { name: "电子科学与技术学院", disciplines: [ELECTRONICS, OPTICS] },
      { name: "航空航天学院", disciplines: [AERO, MECH, MECHANICS, POWER] },
      { name: "物理科学与技术学院", disciplines: [PHYSICS, ASTRO] },
      { name: "能源学院", disciplines: [NUCLEAR, POWER] },
      { name: "药学院", disciplines: [PHARMA] },
      { name: "医学院", disciplines: [MEDICINE, TCM] },
      { name: "公共卫生学院", disciplines: [PUBLIC_HEALTH] },
      { name: "生命科学学院", disciplines: [BIO] },
      { name: "数学科学学院", disciplines: [MATH] },
      { name: "建筑与土木工程学院", disciplines: [CIVIL, ARCH, TRANSPORT] },
    ],
  },
  {
    name: "福建农林大学",
    city: "福州",
    kind: "university",
    weight: 2.2,
    units: [
      { name: "园艺学院", disciplines: [HORT] },
      {
        name: "风景园林与艺术学院",
        disciplines: [HORT],
        topics: { [HORT]: ["园林", "景观", "绿化", "花卉", "草坪", "苗木", "移植"] },
      },
      { name: "农学院", disciplines: [CROP] },
      { name: "植物保护学院", disciplines: [PLANT_PROTECTION] },
      { name: "动物科学学院（蜂学学院）", disciplines: [ANIMAL] },
      { name: "林学院", disciplines: [FOREST] },
      { name: "材料工程学院", disciplines: [FOREST, MATERIALS] },
      { name: "食品科学学院", disciplines: [FOOD] },
      { name: "资源与环境学院", disciplines: [AGRI_RES, ENV] },
      { name: "机电工程学院", disciplines: [AGRI_ENG, MECH] },
      { name: "经济与管理学院", disciplines: [AGRI_ECON] },
      { name: "交通与土木工程学院", disciplines: [TRANSPORT, CIVIL, WATER] },
      { name: "生命科学学院", disciplines: [BIO] },
      { name: "海洋学院", disciplines: [FISHERY] },
      { name: "计算机与信息学院", disciplines: [CS] },
    ],
  },
  {
    name: "福建师范大学",
    city: "福州",
    kind: "university",
    weight: 1.6,
    units: [
      { name: "地理科学学院", disciplines: [GEOGRAPHY, ATMOS, SURVEY] },
      { name: "化学与材料学院", disciplines: [CHEM, MATERIALS] },
      { name: "生命科学学院", disciplines: [BIO, FOOD] },
      { name: "光电与信息工程学院", disciplines: [OPTICS, ELECTRONICS, ICT] },
      { name: "计算机与网络空间安全学院", disciplines: [CS] },
      { name: "数学与统计学院", disciplines: [MATH] },
      { name: "环境与资源学院", disciplines: [ENV] },
      { name: "物理与能源学院", disciplines: [PHYSICS, POWER] },
    ],
  },
  {
    name: "华侨大学",
    city: "泉州",
    kind: "university",
    weight: 1.6,
    units: [
      { name: "材料科学与工程学院", disciplines: [MATERIALS] },
      { name: "化工学院", disciplines: [CHEM, PETRO, ENV] },
      { name: "机电及自动化学院", disciplines: [MECH, CONTROL] },
      { name: "制造工程研究院", disciplines: [MECH, MATERIALS] },
      { name: "土木工程学院", disciplines: [CIVIL, MECHANICS, TRANSPORT] },
      { name: "信息科学与工程学院", disciplines: [ICT, ELECTRONICS, OPTICS] },
      { name: "计算机科学与技术学院", disciplines: [CS] },
      { name: "建筑学院", disciplines: [ARCH] },
      { name: "医学院", disciplines: [MEDICINE, PHARMA] },
      { name: "生物医学学院", disciplines: [PHARMA, BIO] },
      { name: "数学科学学院", disciplines: [MATH] },
    ],
  },
  {
    name: "福建医科大学",
    city: "福州",
    kind: "university",
    weight: 1.6,
    units: [
      { name: "基础医学院", disciplines: [MEDICINE] },
      { name: "药学院", disciplines: [PHARMA, TCM] },
      { name: "公共卫生学院", disciplines: [PUBLIC_HEALTH] },
      { name: "口腔医学院", disciplines: [STOMATOLOGY] },
    ],
  },
  {
    name: "福建医科大学附属协和医院",
    city: "福州",
    kind: "hospital",
    weight: 1.5,
    units: [{ name: "", disciplines: [MEDICINE] }],
  },
  {
    name: "福建中医药大学",
    city: "福州",
    kind: "university",
    weight: 1.6,
    units: [
      { name: "中医学院", disciplines: [TCM] },
      { name: "药学院", disciplines: [TCM, PHARMA] },
      {
        name: "针灸学院",
        disciplines: [TCM],
        topics: { [TCM]: ["针", "灸", "推拿", "康复"] },
      },
      { name: "中西医结合学院", disciplines: [TCM, MEDICINE] },
    ],
  },
  {
    name: "集美大学",
    city: "厦门",
    kind: "university",
    weight: 1.6,
    units: [
      { name: "水产学院", disciplines: [FISHERY] },
      { name: "海洋食品与生物工程学院", disciplines: [FOOD, BIO] },
      { name: "航海学院", disciplines: [TRANSPORT, SHIP] },
      { name: "轮机工程学院", disciplines: [POWER, SHIP] },
      { name: "海洋装备与机械工程学院", disciplines: [MECH, SHIP, MECHANICS] },
      { name: "信息工程学院", disciplines: [ICT, ELECTRONICS] },
      { name: "计算机工程学院", disciplines: [CS] },
      { name: "理学院", disciplines: [MATH, PHYSICS] },
    ],
  },
  {
    name: "闽江学院",
    city: "福州",
    kind: "university",
    weight: 1.5,
    units: [
      { name: "服装与艺术工程学院", disciplines: [TEXTILE] },
      { name: "计算机与大数据学院", disciplines: [CS] },
      { name: "物理与电子信息工程学院", disciplines: [ELECTRONICS, OPTICS, ICT] },
      { name: "海洋学院", disciplines: [FISHERY, FOOD, OCEAN] },
      { name: "材料与化学工程学院", disciplines: [MATERIALS, CHEM] },
    ],
  },
  {
    name: "福建理工大学",
    city: "福州",
    kind: "university",
    weight: 1.5,
    units: [
      { name: "材料科学与工程学院", disciplines: [MATERIALS, METAL, CHEM] },
      { name: "机械与汽车工程学院", disciplines: [MECH, TRANSPORT] },
      { name: "土木工程学院", disciplines: [CIVIL, MECHANICS] },
      { name: "交通运输学院", disciplines: [TRANSPORT] },
      { name: "电子电气与物理学院", disciplines: [ELEC, ELECTRONICS, PHYSICS] },
      { name: "计算机科学与数学学院", disciplines: [CS, MATH] },
      { name: "生态环境与城市建设学院", disciplines: [ENV, WATER] },
      { name: "建筑与城乡规划学院", disciplines: [ARCH] },
    ],
  },
  {
    name: "厦门理工学院",
    city: "厦门",
    kind: "university",
    weight: 1.5,
    units: [
      { name: "材料科学与工程学院", disciplines: [MATERIALS, CHEM] },
      { name: "机械与汽车工程学院", disciplines: [MECH, TRANSPORT, POWER] },
      { name: "光电与通信工程学院", disciplines: [OPTICS, ICT, ELECTRONICS] },
      { name: "电气工程与自动化学院", disciplines: [ELEC, CONTROL] },
      { name: "计算机与信息工程学院", disciplines: [CS] },
      { name: "环境科学与工程学院", disciplines: [ENV, CHEM] },
      { name: "土木工程与建筑学院", disciplines: [CIVIL, ARCH, MECHANICS] },
      { name: "纺织与服装学院", disciplines: [TEXTILE] },
    ],
  },
  {
    name: "闽南师范大学",
    city: "漳州",
    kind: "university",
    weight: 1.5,
    units: [
      { name: "生物科学与技术学院", disciplines: [BIO, HORT, FOOD] },
      { name: "化学化工与环境学院", disciplines: [CHEM, ENV] },
      { name: "物理与信息工程学院", disciplines: [ELECTRONICS, OPTICS] },
      { name: "计算机学院", disciplines: [CS] },
      { name: "数学与统计学院", disciplines: [MATH] },
      { name: "历史地理学院", disciplines: [GEOGRAPHY] },
    ],
  },
  {
    name: "泉州师范学院",
    city: "泉州",
    kind: "university",
    weight: 1.5,
    units: [
      { name: "纺织与服装学院", disciplines: [TEXTILE] },
      { name: "化工与材料学院", disciplines: [CHEM, MATERIALS] },
      { name: "海洋与食品学院", disciplines: [FISHERY, FOOD] },
      { name: "物理与信息工程学院", disciplines: [ELECTRONICS, OPTICS, ICT] },
      { name: "资源与环境科学学院", disciplines: [ENV, GEOGRAPHY] },
    ],
  },
  {
    name: "莆田学院",
    city: "莆田",
    kind: "university",
    weight: 1.5,
    units: [
      { name: "药学与医学技术学院", disciplines: [PHARMA, MEDICINE] },
      { name: "机电与信息工程学院", disciplines: [MECH, ELECTRONICS, CS] },
      { name: "环境与生物工程学院", disciplines: [ENV, BIO, FOOD] },
      { name: "土木工程学院", disciplines: [CIVIL] },
    ],
  },
  {
    name: "龙岩学院",
    city: "龙岩",
    kind: "university",
    weight: 1.5,
    units: [
      { name: "资源工程学院", disciplines: [MINING, GEOLOGY] },
      { name: "化学与材料学院", disciplines: [CHEM, MATERIALS, METAL] },
      { name: "生命科学学院", disciplines: [BIO, ANIMAL, CROP] },
      { name: "物理与机电工程学院", disciplines: [MECH, ELEC] },
      { name: "数学与信息工程学院", disciplines: [CS, MATH] },
    ],
  },
  {
    name: "宁德师范学院",
    city: "宁德",
    kind: "university",
    weight: 1.5,
    units: [
      { name: "生命科学学院", disciplines: [BIO, FISHERY, HORT] },
      { name: "化学与材料学院", disciplines: [CHEM, MATERIALS] },
      { name: "信息与机电工程学院", disciplines: [CS, ELEC, MECH] },
      { name: "数理学院", disciplines: [MATH, PHYSICS] },
    ],
  },
  {
    name: "三明学院",
    city: "三明",
    kind: "university",
    weight: 1.5,
    units: [
      { name: "资源与化工学院", disciplines: [CHEM, FOREST, MATERIALS] },
      { name: "机电工程学院", disciplines: [MECH, ELEC, CONTROL] },
      { name: "信息工程学院", disciplines: [CS, ICT] },
      { name: "建筑工程学院", disciplines: [CIVIL, ARCH] },
    ],
  },
  {
    name: "武夷学院",
    city: "南平",
    kind: "university",
    weight: 1.5,
    units: [
      { name: "茶与食品学院", disciplines: [HORT, FOOD], topics: { [HORT]: ["茶"] } },
      { name: "生态与资源工程学院", disciplines: [FOREST, ENV, MATERIALS] },
      { name: "机电工程学院", disciplines: [MECH, ELEC] },
      { name: "数学与计算机学院", disciplines: [CS, MATH] },
      { name: "土木工程与建筑学院", disciplines: [CIVIL] },
    ],
  },
  {
    name: "中国科学院福建物质结构研究所",
    city: "福州",
    kind: "institute",
    weight: 1.5,
    units: [
      { name: "结构化学国家重点实验室", disciplines: [CHEM, MATERIALS] },
      { name: "光电材料化学与物理重点实验室", disciplines: [OPTICS, MATERIALS, PHYSICS] },
      { name: "功能纳米结构设计与组装重点实验室", disciplines: [MATERIALS, CHEM] },
    ],
  },
  {
    name: "中国科学院城市环境研究所",
    city: "厦门",
    kind: "institute",
    weight: 1.5,
    units: [
      { name: "城市环境与健康重点实验室", disciplines: [ENV, PUBLIC_HEALTH] },
      { name: "城市污染物转化重点实验室", disciplines: [ENV, CHEM] },
      { name: "", disciplines: [GEOGRAPHY, ENV, AGRI_RES] },
    ],
  },
  {
    name: "福建省农业科学院",
    city: "福州",
    kind: "institute",
    weight: 1.6,
    units: [
      { name: "茶叶研究所", disciplines: [HORT], topics: { [HORT]: ["茶"] } },
      {
        name: "果树研究所",
        disciplines: [HORT],
        topics: { [HORT]: ["果", "柑", "桔", "橘", "柚", "荔枝", "龙眼", "枇杷", "葡萄", "桃"] },
      },
      { name: "水稻研究所", disciplines: [CROP] },
      { name: "作物研究所", disciplines: [CROP] },
      { name: "农业生态研究所", disciplines: [AGRI_RES, ENV] },
      { name: "植物保护研究所", disciplines: [PLANT_PROTECTION] },
      { name: "畜牧兽医研究所", disciplines: [ANIMAL] },
      { name: "农业工程技术研究所", disciplines: [AGRI_ENG, FOOD] },
      { name: "农业质量标准与检测技术研究所", disciplines: [FOOD] },
      { name: "生物技术研究所", disciplines: [BIO, CROP] },
      { name: "农业经济与科技信息研究所", disciplines: [AGRI_ECON] },
    ],
  },
  {
    name: "自然资源部第三海洋研究所",
    city: "厦门",
    kind: "institute",
    weight: 1.5,
    units: [{ name: "", disciplines: [OCEAN, FISHERY, GEOPHYSICS, GEOLOGY, ATMOS, SHIP] }],
  },
  {
    name: "福建省水产研究所",
    city: "厦门",
    kind: "institute",
    weight: 1,
    units: [{ name: "", disciplines: [FISHERY] }],
  },
  {
    name: "福建省林业科学研究院",
    city: "福州",
    kind: "institute",
    weight: 1,
    units: [{ name: "", disciplines: [FOREST] }],
  },
  {
    name: "福建省环境科学研究院",
    city: "福州",
    kind: "engineering",
    weight: 1.3,
    units: [{ name: "", disciplines: [ENV] }],
  },
  {
    name: "国网福建省电力有限公司电力科学研究院",
    city: "福州",
    kind: "engineering",
    weight: 1.3,
    units: [{ name: "", disciplines: [ELEC, POWER] }],
  },
  {
    name: "福建省建筑科学研究院",
    city: "福州",
    kind: "engineering",
    weight: 1.3,
    units: [{ name: "", disciplines: [CIVIL, ARCH] }],
  },
  {
    name: "福建省水利水电勘测设计研究院",
    city: "福州",
    kind: "engineering",
    weight: 1.3,
    units: [{ name: "", disciplines: [WATER] }],
  },
  {
    name: "福建省地质调查研究院",
    city: "福州",
    kind: "engineering",
    weight: 1.3,
    units: [{ name: "", disciplines: [GEOLOGY, MINING, GEOPHYSICS] }],
  },
  {
    name: "福建省气象科学研究所",
    city: "福州",
    kind: "engineering",
    weight: 1.3,
    units: [{ name: "", disciplines: [ATMOS] }],
  },
  {
    name: "福建省测绘院",
    city: "福州",
    kind: "engineering",
    weight: 1.3,
    units: [{ name: "", disciplines: [SURVEY] }],
  },
  {
    name: "福建省交通规划设计院",
    city: "福州",
    kind: "engineering",
    weight: 1.3,
    units: [{ name: "", disciplines: [TRANSPORT, CIVIL] }],
  },
  {
    name: "福建省特种设备检验研究院",
    city: "福州",
    kind: "engineering",
    weight: 1.3,
    units: [{ name: "", disciplines: [MECH, MECHANICS] }],
  },
  {
    name: "福建省辐射环境监督站",
    city: "福州",
    kind: "engineering",
    weight: 1.3,
    units: [{ name: "", disciplines: [NUCLEAR] }],
  },
];

/** One place an expert of a discipline can work. */
export interface Placement {
  institution: Institution;
  unit: InstitutionUnit;
  weight: number;
}

/**
 * Every (institution, unit) that hosts the discipline, weighted by institution
 * size. `text` is the expert's paper titles and keywords, matched against
 * unit topics.
 */
export function placementsFor(discipline: string, text: string): Placement[] {
  const out: Placement[] = [];
  for (const institution of FUJIAN_INSTITUTIONS) {
    for (const unit of institution.units) {
      const topics = unit.topics?.[discipline];
      if (topics && !topics.some((t) => text.includes(t))) continue;
      if (unit.disciplines.includes(discipline)) {
        // A unit listing several disciplines is less likely to hold any one of
        // them; a unit whose topic the papers match is more likely.
        const weight = (institution.weight * (topics ? 2 : 1)) / Math.sqrt(unit.disciplines.length);
        out.push({ institution, unit, weight });
      }
    }
  }
  return out;
}
