/**
 * Provincial learned societies (学会) of the Fujian association of science and
 * technology used in the demo. `disciplines` says which experts may belong to
 * a society (the first one is written to societies.jsonl as `discipline`);
 * `topics`, when given, are words that make a society the preferred one for an
 * expert whose papers mention them (e.g. 茶 → 福建省茶叶学会).
 */

export interface SocietyDefinition {
  name: string;
  /** The name on English pages. */
  nameEn: string;
  disciplines: readonly string[];
  description: string;
  topics?: readonly string[];
}

export const SOCIETIES: readonly SocietyDefinition[] = [
  {
    name: "福建省机械工程学会",
    nameEn: "Fujian Mechanical Engineering Society",
    disciplines: ["机械工程", "力学", "航空宇航科学与技术", "农业工程"],
    description:
      "联系全省机械工程领域科技工作者，围绕工程机械、鞋服装备、数控装备等产业开展学术交流、技术咨询与继续教育。",
  },
  {
    name: "福建省计算机学会",
    nameEn: "Fujian Computer Federation",
    disciplines: ["计算机科学与技术", "控制科学与工程"],
    description: "面向全省计算机与软件领域，组织学术年会和技术论坛，服务数字福建建设、工业软件和人工智能应用推广。",
  },
  {
    name: "福建省电子学会",
    nameEn: "Fujian Institute of Electronics",
    disciplines: ["电子科学与技术", "信息与通信工程", "光学工程"],
    description: "团结电子信息领域科技工作者，聚焦新型显示、LED与化合物半导体、集成电路封装测试等产业开展交流与科普。",
  },

  {
    name: "福建省电机工程学会",
    nameEn: "Fujian Society for Electrical Engineering",
    disciplines: ["电气工程", "动力工程及工程热物理", "核科学与技术", "控制科学与工程"],
    description: "围绕电力系统、新能源并网、核电与海上风电等领域开展学术交流、技术咨询和人才培养。",
  },
  {
    name: "福建省物理学会",
    nameEn: "Fujian Physical Society",
    disciplines: ["物理学", "天文学", "光学工程"],
    description: "联系全省物理学教学与科研工作者，开展学术交流、物理教育研究和科学普及活动。",
  },
  {
    name: "福建省数学会",
    nameEn: "Fujian Mathematical Society",
    disciplines: ["数学"],
    description: "团结全省数学工作者，开展学术交流、数学竞赛与数学普及，推动数学在工程与经济领域的应用。",
  },
  {
    name: "福建省化学会",
    nameEn: "Fujian Chemical Society",
    disciplines: ["化学/化学工程与技术", "石油与天然气工程"],
    description: "联系全省化学化工科技工作者，服务湄洲湾、古雷等石化基地和精细化工产业，开展学术交流与科普。",
  },
  {
    name: "福建省材料研究学会",
    nameEn: "Fujian Materials Research Society",
    disciplines: ["材料科学与工程", "冶金工程", "纺织科学与工程"],
    description: "面向新材料领域，围绕稀土功能材料、新能源材料、光电材料等方向组织学术交流与产学研对接。",
  },
  {
    name: "福建省土木建筑学会",
    nameEn: "Fujian Civil Engineering and Architectural Society",
    disciplines: ["土木工程", "建筑学", "力学"],
    description: "联系全省土木建筑领域科技工作者，围绕装配式建筑、桥梁隧道和城市更新开展学术交流与技术咨询。",
  },
  {
    name: "福建省水利学会",
    nameEn: "Fujian Hydraulic Engineering Society",
    disciplines: ["水利工程"],
    description: "围绕防洪减灾、水资源配置、闽江和九龙江流域治理等开展学术交流与决策咨询。",
  },
  {
    name: "福建省公路学会",
    nameEn: "Fujian Highway Society",
    disciplines: ["交通运输工程"],
    description: "联系公路交通领域科技工作者，围绕山区高速公路、桥梁养护与智慧交通开展学术交流与技术服务。",
  },

  {
    name: "福建省地理学会",
    nameEn: "Fujian Geographical Society",
    disciplines: ["地理学", "测绘科学与技术", "大气科学"],
    description:
      "联系全省地理与测绘地理信息工作者，围绕区域发展、生态文明、海岸带监测和地理信息应用开展学术交流与咨询服务。",
  },
  {
    name: "福建省地质学会",
    nameEn: "Fujian Geological Society",
    disciplines: ["地质学/地质资源与地质工程", "地球物理学", "矿业工程"],
    description: "围绕矿产资源勘查、地质灾害防治和地质遗迹保护开展学术交流，服务紫金矿业等矿业产业。",
  },
  {
    name: "福建省海洋学会",
    nameEn: "Fujian Society of Oceanography",
    disciplines: ["海洋科学", "船舶与海洋工程", "大气科学"],
    description: "联系海洋科技工作者，服务海洋强省建设，围绕海洋生态、海洋观测与海洋工程开展学术交流。",
  },
  {
    name: "福建省环境科学学会",
    nameEn: "Fujian Society for Environmental Sciences",
    disciplines: ["环境科学与工程", "农业资源利用"],
    description: "围绕水、气、土污染防治，固体废物资源化和生态修复开展学术交流、技术评估与环保科普。",
  },
  {
    name: "福建省纺织工程学会",
    nameEn: "Fujian Textile Engineering Society",
    disciplines: ["纺织科学与工程"],
    description: "服务晋江、石狮、长乐等纺织鞋服产业集群，开展纺织新材料、印染节能减排与智能制造交流。",
  },
  {
    name: "福建省食品科学技术学会",
    nameEn: "Fujian Institute of Food Science and Technology",
    disciplines: ["食品科学与工程", "农业工程"],
    description: "联系食品科技工作者，围绕水产品加工、茶饮料、休闲食品和食品安全检测开展学术交流与技术服务。",
  },
  {
    name: "福建省农学会",
    nameEn: "Fujian Agricultural Society",
    disciplines: ["作物学", "农业资源利用", "植物保护", "农业工程", "农林经济管理", "园艺学"],
    description: "联系全省农业科技工作者，围绕种业创新、绿色农业和乡村振兴开展学术交流与科技服务。",
  },
  {
    name: "福建省茶叶学会",
    nameEn: "Fujian Tea Society",
    disciplines: ["园艺学", "食品科学与工程"],
    topics: ["茶"],
    description: "团结茶叶科技工作者，服务安溪铁观音、武夷岩茶、福鼎白茶等产区，开展茶树育种、加工与品质研究交流。",
  },
  {
    name: "福建省林学会",
    nameEn: "Fujian Society of Forestry",
    disciplines: ["林学/林业工程"],
    description: "围绕森林培育、竹木加工和林业生态建设开展学术交流与技术推广，服务全省林业产业。",
  },
  {
    name: "福建省畜牧兽医学会",
    nameEn: "Fujian Society of Animal Husbandry and Veterinary Medicine",
    disciplines: ["畜牧学/兽医学"],
    description: "联系畜牧兽医科技工作者，围绕畜禽健康养殖、动物疫病防控和养殖废弃物资源化开展交流与服务。",
  },
  {
    name: "福建省水产学会",
    nameEn: "Fujian Fisheries Society",
    disciplines: ["水产", "海洋科学"],
    description: "服务大黄鱼、鲍鱼、海带等特色水产养殖和水产品加工产业，开展学术交流、技术培训与科普。",
  },
  {
    name: "福建省生物工程学会",
    nameEn: "Fujian Society of Biological Engineering",
    disciplines: ["生物学/生物科学与工程", "食品科学与工程", "畜牧学/兽医学"],
    description: "联系生物技术领域科技工作者，围绕合成生物、发酵工程和生物医药开展学术交流与成果转化。",
  },
  {
    name: "福建省中医药学会",
    nameEn: "Fujian Association of Traditional Chinese Medicine",
    disciplines: ["中医学/中药学"],
    description: "团结中医药工作者，围绕闽产道地药材、中医临床与中药新药研发开展学术交流与继续教育。",
  },
  {
    name: "福建省药学会",
    nameEn: "Fujian Pharmaceutical Association",
    disciplines: ["药学", "中医学/中药学"],
    description: "联系药学科技工作者，围绕新药研发、药物分析、医院药学和药品质量控制开展学术交流。",
  },
  {
    name: "福建省医学会",
    nameEn: "Fujian Medical Association",
    disciplines: ["基础医学/临床医学", "口腔医学", "公共卫生与预防医学"],
    description: "团结全省医学科技工作者，开展临床学术交流、继续医学教育和医疗器械临床评价等工作。",
  },
];
