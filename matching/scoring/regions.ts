import { normalizeText } from "../text/index.js";

export type RegionKind = "fujian" | "taiwan" | "mainland" | "hongkong-macau" | "overseas" | "unknown";

const fujian = [
  "福建",
  "福州",
  "厦门",
  "泉州",
  "漳州",
  "莆田",
  "三明",
  "南平",
  "龙岩",
  "宁德",
  "平潭",
  "fujian",
  "fuzhou",
  "xiamen",
  "quanzhou",
];
const taiwan = [
  "台湾",
  "台北",
  "新北",
  "桃园",
  "台中",
  "台南",
  "高雄",
  "基隆",
  "新竹",
  "嘉义",
  "苗栗",
  "彰化",
  "南投",
  "云林",
  "屏东",
  "宜兰",
  "花莲",
  "台东",
  "澎湖",
  "金门",
  "马祖",
  "taiwan",
  "taipei",
  "kaohsiung",
  "taichung",
  "tainan",
  "hsinchu",
];
const hongkongMacau = ["香港", "澳门", "hong kong", "hongkong", "macau", "macao"];
const mainland = [
  "北京",
  "天津",
  "上海",
  "重庆",
  "河北",
  "山西",
  "辽宁",
  "吉林",
  "黑龙江",
  "江苏",
  "浙江",
  "安徽",
  "江西",
  "山东",
  "河南",
  "湖北",
  "湖南",
  "广东",
  "海南",
  "四川",
  "贵州",
  "云南",
  "陕西",
  "甘肃",
  "青海",
  "内蒙古",
  "广西",
  "西藏",
  "宁夏",
  "新疆",
  "中央",
  "国家机关",
  "中国",
  "兵团",
  "深圳",
  "广州",
  "杭州",
  "南京",
  "武汉",
  "成都",
  "西安",
  "beijing",
  "shanghai",
  "china",
];

/** Where a region string places its holder, for track policies (accepts Traditional, Simplified, English). */
export function regionKind(region: string | undefined): RegionKind {
  const text = normalizeText(region ?? "").trim();
  if (!text || text === "0") return "unknown";
  if (fujian.some((p) => text.includes(p))) return "fujian";
  if (taiwan.some((p) => text.includes(p))) return "taiwan";
  if (hongkongMacau.some((p) => text.includes(p))) return "hongkong-macau";
  if (mainland.some((p) => text.includes(p))) return "mainland";
  return "overseas";
}
