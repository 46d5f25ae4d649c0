/**
 * Hand-written technologies owned by the Taiwan and overseas experts
 * (Traditional Chinese and English respectively).
 */
import type { TechnologyRecord } from "./types.js";

export const HANDWRITTEN_TECHNOLOGIES: readonly TechnologyRecord[] = [
  {
    externalId: "DEMO-TTW01",
    title: "低溫銅對銅混合鍵合製程技術",
    abstract:
      "以奈米孿晶銅作為接合層，於250°C以下完成晶片對晶圓之銅對銅混合鍵合，適用於小晶片異質整合與三維堆疊封裝，接合界面孔洞率低於2%，已完成12吋晶圓驗證。",
    keywords: ["混合鍵合", "異質整合", "先進封裝", "奈米孿晶銅"],
    discipline: "电子科学与技术",
    ownerExternalId: "DEMO-ETW01",
    maturity: 6,
    transferModes: ["license", "cooperation"],
  },
  {
    externalId: "DEMO-TTW02",
    title: "Micro LED巨量轉移與雷射修補整合技術",
    abstract:
      "結合紫外雷射剝離、彈性印章巨量轉移與雷射去除修補，轉移良率達99.9%以上，可應用於Mini/Micro LED背光與直顯模組產線。",
    keywords: ["Micro LED", "巨量轉移", "雷射修補", "顯示器"],
    discipline: "光学工程",
    ownerExternalId: "DEMO-ETW02",
    maturity: 5,
    transferModes: ["cooperation", "license"],
  },
  {
    externalId: "DEMO-TTW03",
    title: "高鎳正極材料原子層沉積包覆技術",
    abstract:
      "於NCM811等高鎳三元正極材料表面以原子層沉積形成奈米級氧化物包覆層，抑制電解液副反應，提升鋰電池循環壽命與高溫儲存性能，可擴充至公斤級批次生產。",
    keywords: ["鋰電池", "高鎳正極", "原子層沉積", "循環壽命"],
    discipline: "材料科学与工程",
    ownerExternalId: "DEMO-ETW03",
    maturity: 6,
    transferModes: ["license", "transfer"],
  },
  {
    externalId: "DEMO-TTW04",
    title: "工具機主軸熱變位數位孿生補償系統",
    abstract:
      "以溫度感測與有限元素熱模型建立工具機數位孿生，即時預測主軸熱伸長並透過控制器補償，加工精度提升約35%，可外掛於既有CNC控制器。",
    keywords: ["數位孿生", "工具機", "熱變位補償", "智慧製造"],
    discipline: "机械工程",
    ownerExternalId: "DEMO-ETW04",
    maturity: 7,
    transferModes: ["license", "service"],
  },
  {
    externalId: "DEMO-TTW05",
    title: "海水魚陸上循環水養殖系統設計與操作技術",
    abstract:
      "整合生物濾材、蛋白質分離器、紫外線殺菌與溶氧自動控制，適用於石斑魚等高價海水魚高密度養殖，換水率低於每日5%，並提供系統設計與人員培訓。",
    keywords: ["循環水養殖", "石斑魚", "生物濾材", "水質管理"],
    discipline: "水产",
    ownerExternalId: "DEMO-ETW05",
    maturity: 8,
    transferModes: ["service", "cooperation"],
  },
  {
    externalId: "DEMO-TTW06",
    title: "烏龍茶萎凋室環境自動控制技術",
    abstract:
      "以溫濕度、風速感測與自動控制調節萎凋室環境，穩定部分發酵茶萎凋程度，降低天候對茶葉品質之影響，已於多個茶區製茶廠示範應用。",
    keywords: ["烏龍茶", "萎凋", "自動控制", "茶葉品質"],
    discipline: "园艺学",
    ownerExternalId: "DEMO-ETW06",
    maturity: 7,
    transferModes: ["license", "service"],
  },
  {
    externalId: "DEMO-TTW07",
    title: "紡織品布面瑕疵自動光學檢測軟體",
    abstract:
      "以線掃描攝影機與深度學習瑕疵分割演算法即時偵測布面破洞、油污、緯斜等瑕疵，可部署於邊緣運算裝置，適用於針織與梭織產線。",
    keywords: ["自動光學檢測", "瑕疵檢測", "深度學習", "紡織品"],
    discipline: "计算机科学与技术",
    ownerExternalId: "DEMO-ETW08",
    maturity: 7,
    transferModes: ["license", "equity"],
  },
  {
    externalId: "DEMO-TOS01",
    title: "Mild organic-acid leaching process for lithium-ion battery black mass",
    abstract:
      "A two-stage leaching process with organic acids and hydrogen peroxide recovers more than 95% of lithium, nickel and cobalt from black mass, with lower acid consumption and simpler wastewater treatment than sulfuric-acid routes. Demonstrated at 20 kg per batch.",
    keywords: ["battery recycling", "black mass", "hydrometallurgy", "lithium recovery"],
    discipline: "材料科学与工程",
    ownerExternalId: "DEMO-EOS01",
    maturity: 5,
    transferModes: ["license", "cooperation"],
  },
  {
    externalId: "DEMO-TOS02",
    title: "Nanofiltration-assisted zero liquid discharge for high-salinity industrial brine",
    abstract:
      "Nanofiltration splits sodium chloride and sodium sulfate streams before evaporation and crystallisation, producing reusable salts and lowering the energy demand of zero liquid discharge by about 30%. Pilot-tested on petrochemical and textile-dyeing effluents.",
    keywords: ["zero liquid discharge", "nanofiltration", "brine", "salt recovery"],
    discipline: "环境科学与工程",
    ownerExternalId: "DEMO-EOS02",
    maturity: 6,
    transferModes: ["license", "service"],
  },
  {
    externalId: "DEMO-TOS03",
    title: "Extreme high-speed laser cladding for hydraulic cylinder rods",
    abstract:
      "Deposits dense iron- and nickel-based coatings at surface speeds above 100 m/min as an alternative to hard chrome plating, giving comparable wear and corrosion resistance without hexavalent chromium. Suitable for construction-machinery cylinders and rolls.",
    keywords: ["laser cladding", "hard chrome replacement", "hydraulic cylinder", "surface engineering"],
    discipline: "机械工程",
    ownerExternalId: "DEMO-EOS03",
    maturity: 8,
    transferModes: ["license", "cooperation", "service"],
  },
  {
    externalId: "DEMO-TOS04",
    title: "High-pressure processing protocol for chilled fish fillets",
    abstract:
      "A 300 MPa treatment protocol extends the chilled shelf life of fish fillets from about 8 to 18 days while keeping a raw appearance; includes packaging and validation procedures for large yellow croaker and similar species.",
    keywords: ["high-pressure processing", "seafood processing", "shelf life"],
    discipline: "食品科学与工程",
    ownerExternalId: "DEMO-EOS04",
    maturity: 6,
    transferModes: ["cooperation", "service"],
  },
  {
    externalId: "DEMO-TOS05",
    title: "Low heavy rare-earth grain boundary diffusion for sintered NdFeB magnets",
    abstract:
      "A coating-and-diffusion process forms a Tb-rich shell around Nd2Fe14B grains, raising coercivity by 0.8 MA/m with less than 0.5 wt% Tb, for motor magnets in electric vehicles and wind turbines.",
    keywords: ["NdFeB", "grain boundary diffusion", "rare-earth permanent magnets", "coercivity"],
    discipline: "材料科学与工程",
    ownerExternalId: "DEMO-EOS09",
    maturity: 7,
    transferModes: ["license", "cooperation"],
  },
  {
    externalId: "DEMO-TOS06",
    title: "Hybrid real-time fouling monitor for refinery heat exchangers",
    abstract:
      "Combines heat-exchanger physics with historian data to estimate fouling resistance online and schedule cleaning for minimum energy loss; deployable on existing plant information systems.",
    keywords: ["heat exchanger fouling", "refinery", "digital twin", "process monitoring"],
    discipline: "化学/化学工程与技术",
    ownerExternalId: "DEMO-EOS08",
    maturity: 6,
    transferModes: ["license", "service"],
  },
];
