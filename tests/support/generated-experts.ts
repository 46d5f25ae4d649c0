import { Rng } from "../../scripts/demo-data/prng.js";
import type { Db } from "../../server/db/prisma.js";

/** Words the generated titles are made of (materials, processes, aims): enough for a real corpus. */
const words = [
  "氮化铝 陶瓷基板 烧结 锂电池 正极材料 电解质 隔膜 石墨烯 碳纤维 复合材料",
  "涂层 腐蚀 焊接 铸造 锻造 热处理 疲劳 断裂 蠕变 磨损 传感器 芯片 封装",
  "半导体 光刻 薄膜 激光 光纤 雷达 天线 算法 机器学习 深度学习 图像识别",
  "语音识别 推荐系统 知识图谱 大数据 云计算 边缘计算 茶叶 萎凋 发酵 育种",
  "栽培 病害 虫害 土壤 灌溉 施肥 水产 养殖 饲料 疫苗 抗体 蛋白质 基因",
  "细胞 微生物 酶 污水 固废 脱硫 脱硝 碳捕集 储能 氢能 光伏 风电",
  "燃料电池 桥梁 隧道 混凝土 钢结构 地基 抗震 边坡 路面 港口 航道 电机",
  "变频器 控制系统 机器人 数控 液压 轴承 齿轮 减速器 振动 中药 提取 制剂",
  "药代动力学 靶点 临床 诊断 影像 康复 护理 纺织 染色 纤维 鞋材 皮革",
  "造纸 包装 印刷 家具 竹材",
]
  .join(" ")
  .split(" ");
const aims = ["优化", "机理研究", "关键技术", "性能提升", "智能控制", "工艺改进", "应用研究", "评价方法"];
const disciplines = ["材料科学与工程", "计算机科学与技术", "园艺学", "环境科学与工程", "机械工程", "药学", "土木工程"];

/**
 * Inserts `count` generated experts, each with `publications` titles drawn from a fixed
 * vocabulary, straight into the database (much faster than the API): a collection large enough
 * that building the matching model takes a noticeable time.
 */
export async function insertGeneratedExperts(
  db: Db,
  count: number,
  options: { seed?: number; publications?: number } = {},
): Promise<void> {
  const rng = new Rng(options.seed ?? 20261206);
  const pick = <T>(list: readonly T[]) => rng.pick(list);
  const publications = options.publications ?? 3;
  const batch = 500;
  for (let first = 0; first < count; first += batch) {
    const size = Math.min(batch, count - first);
    const created = await db.$transaction(
      Array.from({ length: size }, (_, i) => {
        const topic = [pick(words), pick(words)];
        return db.expert.create({
          data: {
            name: `生成专家${first + i}`,
            organization: `生成研究院${(first + i) % 97}`,
            region: "福州",
            disciplines: JSON.stringify([pick(disciplines)]),
            keywords: JSON.stringify(topic),
            capacity: 3,
          },
          select: { id: true },
        });
      }),
    );
    await db.publication.createMany({
      data: created.flatMap(({ id }) =>
        Array.from({ length: publications }, (_, position) => ({
          expertId: id,
          position,
          title: `${pick(words)}${pick(words)}${pick(words)}${pick(aims)}`,
          year: rng.int(2015, 2024),
        })),
      ),
    });
  }
}
