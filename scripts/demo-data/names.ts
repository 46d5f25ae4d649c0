/**
 * Character lists for fictional Chinese personal names. Surnames are weighted
 * roughly by how common they are in Fujian (陈, 林, 黄 lead); given names are
 * composed at random, so any resemblance to a real person is coincidental.
 */

export interface WeightedSurname {
  surname: string;
  weight: number;
}

export const SURNAMES: readonly WeightedSurname[] = [
  { surname: "陈", weight: 11 },
  { surname: "林", weight: 10 },
  { surname: "黄", weight: 6 },
  { surname: "张", weight: 4 },
  { surname: "吴", weight: 4 },
  { surname: "李", weight: 4 },
  { surname: "王", weight: 3.5 },
  { surname: "刘", weight: 3 },
  { surname: "郑", weight: 3 },
  { surname: "蔡", weight: 2.5 },
  { surname: "杨", weight: 2.5 },
  { surname: "许", weight: 2 },
  { surname: "谢", weight: 2 },
  { surname: "郭", weight: 2 },
  { surname: "洪", weight: 1.5 },
  { surname: "邱", weight: 1.5 },
  { surname: "曾", weight: 1.5 },
  { surname: "廖", weight: 1.2 },
  { surname: "赖", weight: 1.2 },
  { surname: "徐", weight: 1.2 },
  { surname: "周", weight: 1.2 },
  { surname: "叶", weight: 1.2 },
  { surname: "苏", weight: 1.2 },
  { surname: "庄", weight: 1 },
  { surname: "吕", weight: 0.8 },
  { surname: "江", weight: 0.8 },
  { surname: "何", weight: 0.8 },
  { surname: "罗", weight: 0.8 },
  { surname: "高", weight: 0.8 },
  { surname: "潘", weight: 0.7 },
  { surname: "施", weight: 0.7 },
  { surname: "卢", weight: 0.7 },
  { surname: "方", weight: 0.7 },
  { surname: "朱", weight: 0.7 },
  { surname: "游", weight: 0.6 },
  { surname: "余", weight: 0.6 },
  { surname: "傅", weight: 0.6 },
  { surname: "钟", weight: 0.6 },
  { surname: "詹", weight: 0.5 },
  { surname: "彭", weight: 0.5 },
  { surname: "魏", weight: 0.5 },
  { surname: "翁", weight: 0.5 },
  { surname: "肖", weight: 0.5 },
  { surname: "姚", weight: 0.4 },
  { surname: "温", weight: 0.4 },
  { surname: "柯", weight: 0.4 },
  { surname: "涂", weight: 0.4 },
  { surname: "连", weight: 0.4 },
  { surname: "范", weight: 0.4 },
  { surname: "颜", weight: 0.4 },
  { surname: "戴", weight: 0.4 },
  { surname: "邓", weight: 0.4 },
  { surname: "康", weight: 0.3 },
  { surname: "阮", weight: 0.3 },
  { surname: "丁", weight: 0.3 },
  { surname: "薛", weight: 0.3 },
  { surname: "龚", weight: 0.3 },
  { surname: "严", weight: 0.2 },
  { surname: "欧阳", weight: 0.2 },
];

/** Given-name characters more often used for men. */
export const GIVEN_CHARS_MALE: readonly string[] = [
  ..."建国志伟明华文勇军斌杰强辉峰俊鹏宇涛磊晨宏荣金海鸿永庆福昌清德兴炜锋彬铭煌坤泽毅航晖帆昊睿哲凯浩然阳东平忠光顺新超亮锦源森振立学成鑫松祥仁熙",
];

/** Given-name characters more often used for women. */
export const GIVEN_CHARS_FEMALE: readonly string[] = [
  ..."丽芳静燕玲琳婷慧敏颖雪红霞莉娟萍洁秀梅兰琴佳欣怡倩晶璐瑶雯琼艳蓉珊菲媛婉晴丹岚薇瑜莹妍",
];

/** Characters common in either kind of name. */
export const GIVEN_CHARS_NEUTRAL: readonly string[] = [..."晓文华明思嘉雅子一永春秋宁安婧凌青云"];
