import Database from "better-sqlite3";
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

/**
 * A database of realistic size, fast: `count` experts with a profile paragraph and
 * `publications` abstracts each, written by SQLite itself (one INSERT … SELECT per table) into
 * the file at `databaseFile`. About 5 KB an expert with five publications, as the demo's records
 * weigh: 20,000 experts make a database of about 100 MB. The text repeats; SQLite stores it
 * uncompressed, so the pages are as many as real text would need.
 */
export function insertBulkExperts(databaseFile: string, count: number, publications = 5): void {
  const db = new Database(databaseFile);
  try {
    db.pragma("journal_mode = WAL");
    const updatedAt = "2026-12-07T11:28:33.853+00:00";
    db.transaction(() => {
      const first = (db.prepare(`SELECT coalesce(max(id), 0) AS id FROM "Expert"`).get() as { id: number }).id;
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO "Expert" (name, organization, region, disciplines, keywords, bio, updatedAt)
         SELECT '批量专家' || i, '批量研究院' || (i % 97), '福州', '["材料科学与工程"]', '["钛合金","激光增材制造"]',
                replace(hex(zeroblob(20)), '00', '长期从事钛合金构件激光增材制造研究，'), ? FROM n`,
      ).run(count, updatedAt);
      db.prepare(
        `WITH RECURSIVE p(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM p WHERE k + 1 < ?)
         INSERT INTO "Publication" (expertId, position, title, abstract, year)
         SELECT e.id, p.k, '钛合金构件激光增材制造的缺陷控制 ' || p.k,
                replace(hex(zeroblob(15)), '00', '研究了熔池温度与孔隙率的关系，'), 2015 + p.k
         FROM "Expert" e CROSS JOIN p WHERE e.id > ?`,
      ).run(publications, first);
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}
