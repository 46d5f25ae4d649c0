/**
 * Hand-written Taiwan experts for the 海峡 (straits) docking track. Profiles are
 * in Traditional Chinese with Taiwan vocabulary; names are fictional. The
 * `disciplines` values stay in the CSL (Simplified) taxonomy so that they line
 * up with the other records.
 */
import type { ExpertRecord } from "./types.js";

export const TAIWAN_EXPERTS: readonly ExpertRecord[] = [
  {
    externalId: "DEMO-ETW01",
    name: "鄭宗翰",
    organization: "國立陽明交通大學",
    title: "教授",
    region: "台湾",
    disciplines: ["电子科学与技术", "材料科学与工程"],
    keywords: ["先進封裝", "異質整合", "扇出型晶圓級封裝", "混合鍵合", "封裝可靠度", "半導體"],
    bio: "國立陽明交通大學電子研究所教授，專長為半導體先進封裝與異質整合，長期投入扇出型晶圓級封裝、銅對銅混合鍵合及封裝可靠度分析，曾與多家封測廠合作開發量產製程。",
    languages: ["zh-Hant", "zh", "en"],
    societies: [],
    publications: [
      {
        title: "低溫銅對銅混合鍵合之界面奈米孿晶結構與可靠度研究",
        abstract:
          "針對三維異質整合所需之低溫接合製程，以電鍍奈米孿晶銅作為接合層，於250°C下完成銅對銅直接鍵合，並以熱循環與電遷移試驗評估接點可靠度。結果顯示接合界面孔洞率低於2%，電阻變化小於5%。",
        year: 2022,
        type: "paper",
        keywords: ["混合鍵合", "奈米孿晶銅", "三維積體電路", "可靠度"],
      },
      {
        title: "扇出型晶圓級封裝翹曲模擬與製程參數最佳化",
        abstract:
          "建立扇出型晶圓級封裝之有限元素翹曲模型，考慮環氧模封材料黏彈性與重佈線層堆疊效應，並以實驗設計法找出降低晶圓翹曲之關鍵製程參數，使12吋重構晶圓翹曲量降低約40%。",
        year: 2020,
        type: "paper",
        keywords: ["扇出型晶圓級封裝", "翹曲", "有限元素分析", "模封材料"],
      },
      {
        title: "應用於高效能運算晶片之異質整合封裝技術開發",
        abstract:
          "產學合作計畫。與封測業者合作開發2.5D矽中介層及小晶片（Chiplet）整合封裝方案，涵蓋微凸塊製程、底部填膠與散熱設計。",
        year: 2023,
        type: "project",
        keywords: ["小晶片", "矽中介層", "微凸塊", "散熱設計"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-ETW02",
    name: "蔡佩珊",
    organization: "國立成功大學",
    title: "教授",
    region: "台湾",
    disciplines: ["光学工程", "电子科学与技术"],
    keywords: ["Micro LED", "氮化鎵", "巨量轉移", "量子點", "顯示器", "磊晶"],
    bio: "國立成功大學光電科學與工程學系教授，研究領域為氮化鎵發光二極體與Micro LED顯示技術，包括磊晶成長、巨量轉移、量子點色轉換全彩化及檢測修補，近年關注車用與穿戴式顯示器應用。",
    languages: ["zh-Hant", "zh", "en"],
    societies: [],
    publications: [
      {
        title: "Micro LED雷射剝離與巨量轉移良率提升之研究",
        abstract:
          "以紫外雷射剝離技術分離藍寶石基板上之微米級氮化鎵LED，搭配彈性印章進行巨量轉移，分析雷射能量密度與轉移壓力對晶粒破損率之影響，轉移良率提升至99.9%以上。",
        year: 2021,
        type: "paper",
        keywords: ["Micro LED", "雷射剝離", "巨量轉移", "良率"],
      },
      {
        title: "量子點色轉換層應用於全彩Micro LED顯示器之穩定性",
        abstract:
          "以光阻型量子點材料製作紅綠色轉換層，探討封裝阻水層與高溫高濕環境對量子點光衰之影響，並提出雙層無機阻障結構，使1000小時老化後亮度維持率達90%。",
        year: 2023,
        type: "paper",
        keywords: ["量子點", "色轉換", "全彩顯示", "穩定性"],
      },
      {
        title: "矽基板氮化鎵LED磊晶應力調控",
        abstract: "於矽基板上以多層氮化鋁鎵緩衝層調控磊晶應力，降低晶圓翹曲與裂紋密度，提升發光效率與波長均勻性。",
        year: 2018,
        type: "paper",
        keywords: ["氮化鎵", "矽基板", "磊晶", "應力"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-ETW03",
    name: "吳俊廷",
    organization: "工業技術研究院",
    title: "研究員",
    region: "台湾",
    disciplines: ["材料科学与工程", "化学/化学工程与技术"],
    keywords: ["鋰電池", "高鎳正極", "固態電解質", "熱失控", "電池安全", "表面改質"],
    bio: "工業技術研究院材料與化工研究所研究員，從事鋰電池關鍵材料研發十餘年，專長為高鎳三元正極材料表面改質、固態電解質與電池熱失控防護，曾主導多項電池材料技術移轉案。",
    languages: ["zh-Hant", "zh", "en"],
    societies: [],
    publications: [
      {
        title: "高鎳三元正極材料之原子層沉積包覆與循環壽命提升",
        abstract:
          "以原子層沉積於NCM811正極顆粒表面形成奈米級氧化鋁包覆層，抑制電解液副反應與過渡金屬溶出，軟包電池於1C循環1000次後容量保持率由72%提升至88%。",
        year: 2021,
        type: "paper",
        keywords: ["高鎳正極", "原子層沉積", "包覆", "循環壽命"],
      },
      {
        title: "氧化物固態電解質與正極界面阻抗降低技術",
        abstract:
          "以石榴石型LLZO固態電解質為基礎，於界面導入高分子緩衝層以降低界面阻抗，製作之半固態電池通過針刺與過充測試。",
        year: 2023,
        type: "paper",
        keywords: ["固態電解質", "界面阻抗", "半固態電池"],
      },
      {
        title: "具熱阻隔層之鋰電池模組及其製造方法",
        abstract: "於電芯之間設置陶瓷纖維複合熱阻隔層，延緩單一電芯熱失控時之熱傳播，提升電池模組安全性。",
        year: 2022,
        type: "patent",
        keywords: ["鋰電池模組", "熱失控", "熱阻隔"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-ETW04",
    name: "許家豪",
    organization: "國立臺灣大學",
    title: "教授",
    region: "台湾",
    disciplines: ["机械工程", "控制科学与工程"],
    keywords: ["智慧製造", "工具機", "數位孿生", "預知保養", "物聯網", "刀具磨耗"],
    bio: "國立臺灣大學機械工程學系教授，研究方向為智慧製造與工具機智慧化，包括主軸狀態監測、刀具磨耗預測、數位孿生與製造執行系統整合，曾協助多家中小企業導入物聯網感測與數據分析。",
    languages: ["zh-Hant", "zh", "en"],
    societies: [],
    publications: [
      {
        title: "基於振動訊號與深度學習之CNC刀具磨耗預測",
        abstract:
          "於CNC銑床主軸安裝加速規與聲射感測器，擷取切削振動訊號，以卷積神經網路建立刀具磨耗預測模型，預測誤差小於8%，可作為換刀決策依據。",
        year: 2022,
        type: "paper",
        keywords: ["刀具磨耗", "深度學習", "振動訊號", "CNC"],
      },
      {
        title: "工具機數位孿生模型建構與熱變位補償",
        abstract:
          "整合有限元素熱模型與即時溫度量測建立工具機數位孿生，預測主軸熱伸長並進行即時補償，加工精度提升約35%。",
        year: 2020,
        type: "paper",
        keywords: ["數位孿生", "熱變位補償", "工具機"],
      },
      {
        title: "中小型製造業物聯網導入模式與效益評估",
        abstract: "以鞋機、紡織機械及金屬加工業者為對象，建立低成本感測模組與雲端監控平台，評估設備稼動率提升效益。",
        year: 2019,
        type: "project",
        keywords: ["物聯網", "稼動率", "中小企業"],
      },
    ],
    capacity: 3,
  },
  {
    externalId: "DEMO-ETW05",
    name: "蘇文彬",
    organization: "國立臺灣海洋大學",
    title: "教授",
    region: "台湾",
    disciplines: ["水产"],
    keywords: ["石斑魚", "循環水養殖", "魚病防治", "魚類疫苗", "種苗生產", "水質管理"],
    bio: "國立臺灣海洋大學水產養殖學系教授，專長為海水魚類繁養殖與魚病防治，主要研究石斑魚與午仔魚種苗生產、循環水養殖系統設計及魚類疫苗，長期與兩岸養殖業者合作推動健康養殖。",
    languages: ["zh-Hant", "zh"],
    societies: [],
    publications: [
      {
        title: "石斑魚神經壞死病毒不活化疫苗之浸泡免疫效果",
        abstract:
          "以福馬林不活化之神經壞死病毒製備浸泡型疫苗，對點帶石斑魚苗進行浸泡免疫，攻毒試驗相對存活率達70%以上。",
        year: 2021,
        type: "paper",
        keywords: ["石斑魚", "神經壞死病毒", "疫苗", "浸泡免疫"],
      },
      {
        title: "陸上循環水養殖系統之生物濾材硝化效能評估",
        abstract:
          "比較移動床與固定床生物濾材在海水循環水系統中之氨氮與亞硝酸鹽去除效率，提出適合高密度養殖之濾材配置。",
        year: 2019,
        type: "paper",
        keywords: ["循環水養殖", "生物濾材", "硝化作用", "氨氮"],
      },
      {
        title: "午仔魚人工繁殖與仔稚魚餌料系列",
        abstract: "建立午仔魚親魚培育、催熟產卵與仔稚魚輪蟲、橈足類餌料系列，孵化後30日存活率達25%。",
        year: 2017,
        type: "paper",
        keywords: ["午仔魚", "人工繁殖", "仔稚魚"],
      },
    ],
    capacity: 3,
  },
  {
    externalId: "DEMO-ETW06",
    name: "廖怡君",
    organization: "農業部茶及飲料作物改良場",
    title: "研究員",
    region: "台湾",
    disciplines: ["园艺学", "食品科学与工程"],
    keywords: ["烏龍茶", "焙火", "茶葉香氣", "製茶機械", "萎凋", "茶葉品質"],
    bio: "農業部茶及飲料作物改良場研究員，從事烏龍茶與紅茶製程研究二十年，專長為部分發酵茶萎凋與焙火工藝、茶葉香氣成分分析及製茶機械化，並輔導茶農提升茶葉品質與分級。",
    languages: ["zh-Hant", "zh"],
    societies: [],
    publications: [
      {
        title: "焙火溫度對凍頂烏龍茶香氣成分與感官品質之影響",
        abstract:
          "以氣相層析質譜分析不同焙火溫度下烏龍茶揮發性成分，焙火溫度提高時吡嗪類含量增加、花香型萜烯醇類減少，建立焙火程度與感官品評之對應關係。",
        year: 2020,
        type: "paper",
        keywords: ["烏龍茶", "焙火", "香氣成分", "氣相層析質譜"],
      },
      {
        title: "室內萎凋環境自動控制系統於包種茶製程之應用",
        abstract: "開發溫濕度與風速可控之萎凋室自動控制系統，使包種茶萎凋程度穩定，降低季節與天候對品質之影響。",
        year: 2022,
        type: "paper",
        keywords: ["萎凋", "包種茶", "自動控制"],
      },
      {
        title: "紅茶揉捻與發酵條件最適化",
        abstract: "探討揉捻時間與發酵溫度對紅茶茶黃質與茶紅質含量之影響，提出適合臺灣大葉種之製程條件。",
        year: 2016,
        type: "paper",
        keywords: ["紅茶", "發酵", "茶黃質"],
      },
    ],
    capacity: 3,
  },
  {
    externalId: "DEMO-ETW07",
    name: "楊博淳",
    organization: "國立清華大學",
    title: "教授",
    region: "台湾",
    disciplines: ["生物学/生物科学与工程", "药学"],
    keywords: ["奈米藥物載體", "生醫材料", "醫療器材", "微針", "抗菌塗層", "可降解高分子"],
    bio: "國立清華大學生醫工程與環境科學系教授，研究奈米藥物載體、可降解生醫材料與醫療器材開發，代表成果包括微針經皮給藥貼片與抗菌骨科植入物塗層，並參與醫療器材法規驗證。",
    languages: ["zh-Hant", "zh", "en"],
    societies: [],
    publications: [
      {
        title: "可溶性玻尿酸微針貼片之經皮疫苗遞送",
        abstract:
          "以玻尿酸製作可溶性微針陣列，負載蛋白質抗原進行經皮免疫，小鼠試驗顯示抗體效價與皮下注射相當，且常溫保存穩定性佳。",
        year: 2021,
        type: "paper",
        keywords: ["微針", "經皮給藥", "玻尿酸", "疫苗"],
      },
      {
        title: "銀奈米粒子摻雜氫氧基磷灰石抗菌骨科植入物塗層",
        abstract: "以電漿噴塗製備含銀奈米粒子之氫氧基磷灰石塗層，對金黃色葡萄球菌抑菌率達99%，且細胞相容性良好。",
        year: 2019,
        type: "paper",
        keywords: ["抗菌塗層", "氫氧基磷灰石", "骨科植入物", "銀奈米粒子"],
      },
      {
        title: "聚乳酸甘醇酸奈米粒子之標靶抗癌藥物傳輸",
        abstract: "以葉酸修飾聚乳酸甘醇酸奈米粒子包覆紫杉醇，提升腫瘤細胞攝取效率並降低全身毒性。",
        year: 2023,
        type: "paper",
        keywords: ["奈米藥物載體", "聚乳酸甘醇酸", "標靶治療"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-ETW08",
    name: "謝明哲",
    organization: "國立清華大學",
    title: "教授",
    region: "台湾",
    disciplines: ["计算机科学与技术", "控制科学与工程"],
    keywords: ["機器視覺", "瑕疵檢測", "邊緣運算", "深度學習", "工業軟體", "伺服器"],
    bio: "國立清華大學資訊工程學系教授，專長為機器視覺、邊緣運算與工業軟體，開發之瑕疵檢測演算法已應用於面板、印刷電路板及紡織品產線，亦研究伺服器叢集上的深度學習推論最佳化。",
    languages: ["zh-Hant", "zh", "en"],
    societies: [],
    publications: [
      {
        title: "小樣本條件下之面板瑕疵檢測深度學習方法",
        abstract:
          "針對面板產線瑕疵樣本稀少問題，結合資料擴增與少樣本學習建立瑕疵分類模型，於實際產線資料之檢出率達98.5%，誤判率低於1%。",
        year: 2022,
        type: "paper",
        keywords: ["瑕疵檢測", "少樣本學習", "面板", "深度學習"],
      },
      {
        title: "邊緣運算裝置上之輕量化物件偵測模型部署",
        abstract:
          "以模型剪枝與量化將物件偵測網路部署於嵌入式邊緣運算裝置，推論速度達每秒30張影像，適用於產線即時檢測。",
        year: 2021,
        type: "paper",
        keywords: ["邊緣運算", "模型壓縮", "物件偵測"],
      },
      {
        title: "紡織品布面瑕疵自動光學檢測系統",
        abstract: "建立線掃描攝影機與照明模組，搭配瑕疵分割演算法與軟體介面，實現布面瑕疵即時標記與統計。",
        year: 2019,
        type: "project",
        keywords: ["自動光學檢測", "紡織品", "影像處理"],
      },
    ],
    capacity: 3,
  },
  {
    externalId: "DEMO-ETW09",
    name: "周雅琪",
    organization: "國立臺灣科技大學",
    title: "教授",
    region: "台湾",
    disciplines: ["纺织科学与工程", "材料科学与工程"],
    keywords: ["機能性紡織品", "回收聚酯", "再生纖維", "無氟撥水", "涼感織物", "循環經濟"],
    bio: "國立臺灣科技大學材料科學與工程系教授，研究機能性紡織品與循環材料，包括回收寶特瓶再生聚酯纖維、吸濕排汗與涼感織物整理及無氟撥水加工，長期協助紡織與製鞋業者開發綠色產品。",
    languages: ["zh-Hant", "zh"],
    societies: [],
    publications: [
      {
        title: "化學回收聚酯之解聚純化與紡絲性能",
        abstract:
          "以醣解法將廢棄寶特瓶與聚酯織物解聚為BHET單體，經脫色純化後再聚合紡絲，所得再生纖維強度與原生纖維相當。",
        year: 2022,
        type: "paper",
        keywords: ["化學回收", "聚酯", "醣解", "再生纖維"],
      },
      {
        title: "無氟撥水整理劑於尼龍織物之耐洗性",
        abstract: "以矽氧烷與樹枝狀高分子複配製備無氟撥水劑，處理後尼龍織物經20次水洗仍維持80分撥水等級。",
        year: 2021,
        type: "paper",
        keywords: ["無氟撥水", "尼龍織物", "耐洗性"],
      },
      {
        title: "涼感紡織品接觸冷感係數量測與結構設計",
        abstract: "探討纖維截面形狀、礦物粉體添加與織物組織對接觸冷感係數之影響，提出運動服涼感布料設計準則。",
        year: 2018,
        type: "paper",
        keywords: ["涼感", "接觸冷感係數", "織物結構"],
      },
    ],
    capacity: 3,
  },
  {
    externalId: "DEMO-ETW10",
    name: "洪振育",
    organization: "工業技術研究院",
    title: "研究員",
    region: "台湾",
    disciplines: ["环境科学与工程", "化学/化学工程与技术"],
    keywords: ["廢水處理", "揮發性有機物", "石化業", "資源化", "薄膜生物反應器", "觸媒焚化"],
    bio: "工業技術研究院綠能與環境研究所研究員，專長為石化與電子業廢水處理、揮發性有機物（VOCs）減量及廢棄物資源化，曾協助石化園區建置廢水回收與VOCs監測系統。",
    languages: ["zh-Hant", "zh"],
    societies: [],
    publications: [
      {
        title: "石化廢水高級氧化結合薄膜生物反應器之回收再利用",
        abstract:
          "以臭氧觸媒氧化前處理難分解石化廢水，再經薄膜生物反應器與逆滲透處理，COD去除率達95%，回收水可作為冷卻水補充水。",
        year: 2020,
        type: "paper",
        keywords: ["石化廢水", "高級氧化", "薄膜生物反應器", "回收再利用"],
      },
      {
        title: "低濃度VOCs沸石轉輪濃縮與觸媒焚化系統最適化",
        abstract:
          "針對塗裝與石化儲槽排氣，以沸石轉輪濃縮結合觸媒焚化處理低濃度VOCs，整體去除效率達95%以上並降低燃料消耗。",
        year: 2022,
        type: "paper",
        keywords: ["揮發性有機物", "沸石轉輪", "觸媒焚化"],
      },
      {
        title: "電子業含氟污泥資源化製備氟化鈣",
        abstract: "以酸溶、沉澱與純化程序由半導體廠含氟污泥回收高純度氟化鈣，作為鋼鐵業助熔劑原料。",
        year: 2018,
        type: "project",
        keywords: ["含氟污泥", "資源化", "氟化鈣"],
      },
    ],
    capacity: 2,
  },
];
