/**
 * The search benchmark's documents: real vocabulary (the 2,000 CSL papers: titles, abstract
 * sentences, keywords, disciplines) plus small hand-written lists, recombined by a seeded
 * generator into experts, technologies and needs (5 % Traditional Chinese, 5 % English).
 */
import fs from "node:fs";
import * as OpenCC from "opencc-js";
import { z } from "zod";
import type { SearchDocument } from "../../../matching/index.js";
import type { SearchIndexName } from "../../../server/indexing/search-outbox.js";
import { Rng } from "../../demo-data/prng.js";

export interface Paper {
  title: string;
  sentences: string[];
  keywords: string[];
  discipline: string;
}

const cslLine = z.object({
  title: z.string(),
  abstract: z.string(),
  keywords: z.array(z.string()),
  discipline: z.string(),
});

/** Abstract sentences: CSL abstracts end sentences with 。 ； or an ASCII full stop. */
function sentencesOf(abstract: string): string[] {
  return abstract
    .split(/(?<=[。；！？])|(?<=[^\d.]\.)(?=[^\d])/u)
    .map((s) => s.trim().replace(/[.;；]$/u, "。"))
    .filter((s) => s.length >= 8);
}

export function loadPapers(file: string): Paper[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const paper = cslLine.parse(JSON.parse(line));
      return {
        title: paper.title,
        sentences: sentencesOf(paper.abstract),
        keywords: paper.keywords,
        discipline: paper.discipline,
      };
    })
    .filter((paper) => paper.sentences.length > 0 && paper.discipline);
}

// prettier-ignore
const surnames = [..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严赖洪武莫孔"];
// prettier-ignore
const givenChars = [..."伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉力宇鹏飞晓燕红波宁斌浩然志清源海峰颖琳博瑞思雨嘉怡欣晨阳昊天泽凯俊"];
// prettier-ignore
const englishNames = ["James Chen", "Maria Lopez", "David Tan", "Sarah Lim", "Michael Wong", "Anna Schmidt", "Kenji Sato", "Priya Nair", "Thomas Müller", "Emily Clark", "Ahmad Rahman", "Laura Rossi", "Daniel Koh", "Sophie Martin", "Hiroshi Tanaka", "Grace Ong"];

/** Where an expert, a need or a technology owner is: Fujian's cities, Taiwan, and a few countries. */
// prettier-ignore
export const regions = ["福州", "厦门", "泉州", "漳州", "莆田", "三明", "南平", "龙岩", "宁德", "平潭", "台湾", "新加坡", "马来西亚", "美国", "德国", "日本"];
// prettier-ignore
const organizations = [
  "福州大学", "厦门大学", "华侨大学", "福建师范大学", "福建农林大学", "福建医科大学", "集美大学", "闽江学院", "福建理工大学",
  "厦门理工学院", "莆田学院", "三明学院", "龙岩学院", "宁德师范学院", "中国科学院福建物质结构研究所", "中国科学院城市环境研究所",
  "福建省农业科学院", "自然资源部第三海洋研究所", "宁德时代新能源科技股份有限公司", "福耀玻璃工业集团股份有限公司", "紫金矿业集团",
  "厦门钨业股份有限公司", "新大陆科技集团", "星网锐捷通讯股份有限公司", "福建省电子信息集团", "福建省中医药研究院",
];
// prettier-ignore
const taiwanOrganizations = ["國立臺灣大學", "國立清華大學", "國立成功大學", "國立陽明交通大學", "工業技術研究院", "中央研究院", "台灣積體電路製造股份有限公司"];
// prettier-ignore
const overseasOrganizations = ["National University of Singapore", "Nanyang Technological University", "University of Malaya", "Technical University of Munich", "Stanford University", "University of Tokyo", "Fraunhofer Institute"];
// prettier-ignore
const societies = ["福建省计算机学会", "福建省化学会", "福建省机械工程学会", "福建省电子学会", "福建省农学会", "福建省医学会", "福建省海洋学会", "福建省材料学会", "福建省中医药学会", "福建省土木建筑学会", "福建省食品科学技术学会", "福建省自动化学会"];
const languages = ["zh", "en", "zh-Hant", "ja", "de"];
export const tracks = ["assist", "618", "straits", "overseas", "jinqiao"];
const statuses = ["open", "in_progress", "solved", "closed"];
// prettier-ignore
const industries = ["新能源", "电子信息", "石油化工", "纺织鞋服", "食品加工", "生物医药", "装备制造", "海洋经济", "新材料", "现代农业", "建筑建材", "冶金有色"];
const transferModes = ["转让", "许可", "作价入股", "合作开发", "技术服务"];
const titles = ["教授", "研究员", "副教授", "高级工程师", "副研究员", "主任医师"];
// prettier-ignore
const brandChars = [..."恒信华泰宏达鑫源凯盛兴瑞博远中科天成金海隆锦永安东升万嘉"];
// prettier-ignore
const enterpriseKinds = ["新材料", "智能装备", "电子", "生物科技", "食品", "纺织", "化工", "光电", "新能源", "机械", "环保", "医疗器械"];

/** English vocabulary: documents in English are composed from it, and some queries use it. */
// prettier-ignore
export const englishAdjectives = ["adaptive", "robust", "efficient", "intelligent", "distributed", "flexible", "sustainable", "thermal", "optical", "hybrid", "autonomous", "scalable", "precise", "renewable", "biodegradable", "wireless"];
// prettier-ignore
export const englishNouns = [
  "battery", "lithium", "graphene", "catalyst", "semiconductor", "sensor", "network", "algorithm", "robot", "vehicle", "membrane",
  "polymer", "composite", "coating", "enzyme", "protein", "vaccine", "drug", "crop", "soil", "water", "aquaculture", "tea", "bamboo",
  "ceramic", "alloy", "steel", "turbine", "engine", "grid", "storage", "electrode", "electrolyte", "laser", "photonics", "chip",
  "imaging", "diagnosis", "detection", "segmentation", "learning", "control", "optimization", "simulation", "manufacturing",
  "inspection", "monitoring", "recycling", "emission", "hydrogen", "solar", "wind", "marine", "fishery", "textile", "footwear",
  "packaging", "logistics", "blockchain", "security",
];
// prettier-ignore
const englishSentenceTemplates = [
  "This work proposes {a} {n} {n} for {n} {n} in industrial settings.",
  "We develop {a} {n} based on {n} and {n} to improve {n} performance.",
  "Experiments show that the {a} {n} reduces {n} cost by a third compared with conventional {n}.",
  "The method combines {n} {n} with {a} {n} and has been validated in {n} plants.",
  "A pilot line for {n} {n} is available for licensing or joint development.",
  "Key challenges include {n} stability, {n} durability and {a} {n} at scale.",
];

// ---------------------------------------------------------------------------------------------
// Document generator

export interface Vocabulary {
  papers: Paper[];
  byDiscipline: Map<string, number[]>;
  disciplines: string[];
  traditional: (paper: number) => Paper;
  toTraditional: (text: string) => string;
}

export function buildVocabulary(papers: Paper[]): Vocabulary {
  const byDiscipline = new Map<string, number[]>();
  papers.forEach((paper, i) => {
    const list = byDiscipline.get(paper.discipline) ?? [];
    list.push(i);
    byDiscipline.set(paper.discipline, list);
  });
  const toTraditional = OpenCC.Converter({ from: "cn", to: "twp" });
  const traditionalCache = new Map<number, Paper>();
  const traditional = (i: number): Paper => {
    let paper = traditionalCache.get(i);
    if (!paper) {
      const source = papers[i]!;
      paper = {
        title: toTraditional(source.title),
        sentences: source.sentences.map(toTraditional),
        keywords: source.keywords.map(toTraditional),
        discipline: source.discipline,
      };
      traditionalCache.set(i, paper);
    }
    return paper;
  };
  return { papers, byDiscipline, disciplines: [...byDiscipline.keys()].sort(), traditional, toTraditional };
}

export type Script = "simplified" | "traditional" | "english";

/** One generator per index, each with its own random stream, so documents do not depend on batch size. */
export class DocumentGenerator {
  private readonly random: Rng;
  constructor(
    private readonly vocabulary: Vocabulary,
    seed: number,
  ) {
    this.random = new Rng(seed);
  }

  /** 90 % Simplified, 5 % Traditional, 5 % English. */
  private script(): Script {
    const roll = this.random.next();
    return roll < 0.05 ? "traditional" : roll < 0.1 ? "english" : "simplified";
  }

  /** A seed paper and a few others of its discipline: text that belongs together. */
  private related(count: number): { discipline: string; papers: number[] } {
    const r = this.random;
    const first = r.int(0, this.vocabulary.papers.length - 1);
    const discipline = this.vocabulary.papers[first]!.discipline;
    const same = this.vocabulary.byDiscipline.get(discipline)!;
    return { discipline, papers: [first, ...r.distinctPicks(same, count - 1).filter((p) => p !== first)] };
  }

  private paper(i: number, script: Script): Paper {
    return script === "traditional" ? this.vocabulary.traditional(i) : this.vocabulary.papers[i]!;
  }

  private englishSentence(): string {
    const r = this.random;
    return r
      .pick(englishSentenceTemplates)
      .replace(/\{a\}/g, () => r.pick(englishAdjectives))
      .replace(/\{n\}/g, () => r.pick(englishNouns));
  }

  private englishTitle(): string {
    const r = this.random;
    const title = `${r.pick(englishAdjectives)} ${r.pick(englishNouns)} ${r.pick(englishNouns)} for ${r.pick(englishNouns)} ${r.pick(englishNouns)}`;
    return title[0]!.toUpperCase() + title.slice(1);
  }

  private englishKeywords(count: number): string[] {
    const r = this.random;
    return Array.from({ length: count }, () =>
      r.chance(0.5) ? `${r.pick(englishAdjectives)} ${r.pick(englishNouns)}` : r.pick(englishNouns),
    );
  }

  private title(papers: number[], script: Script): string {
    const r = this.random;
    if (script === "english") return this.englishTitle();
    const seed = this.paper(papers[0]!, script);
    if (r.chance(0.7)) return seed.title;
    const keyword = this.paper(r.pick(papers), script).keywords[0] ?? seed.keywords[0] ?? "";
    return r.pick([
      `${keyword}关键技术研究`,
      `基于${keyword}的${seed.keywords.at(-1) ?? "新型"}技术`,
      `${keyword}产业化应用`,
    ]);
  }

  private keywords(papers: number[], script: Script, count: number): string[] {
    if (script === "english") return this.englishKeywords(count);
    const pool = papers.flatMap((p) => this.paper(p, script).keywords);
    return this.random.distinctPicks(pool, count);
  }

  private sentences(papers: number[], script: Script, count: number): string {
    const r = this.random;
    if (script === "english") return Array.from({ length: count }, () => this.englishSentence()).join(" ");
    return Array.from({ length: count }, () => r.pick(this.paper(r.pick(papers), script).sentences)).join("");
  }

  private personName(script: Script): string {
    const r = this.random;
    if (script === "english") return r.pick(englishNames);
    return r.pick(surnames) + r.pick(givenChars) + (r.chance(0.7) ? r.pick(givenChars) : "");
  }

  private region(script: Script): string {
    const r = this.random;
    if (script === "traditional") return "台湾";
    if (script === "english") return r.pick(["新加坡", "马来西亚", "美国", "德国", "日本"]);
    return r.chance(0.9) ? r.pick(regions.slice(0, 10)) : r.pick(regions);
  }

  private organization(script: Script): string {
    const r = this.random;
    if (script === "traditional") return r.pick(taiwanOrganizations);
    if (script === "english") return r.pick(overseasOrganizations);
    return r.pick(organizations);
  }

  /** Epoch milliseconds between 2021 and mid-2025. */
  private updatedAt(): number {
    return Date.UTC(2021, 0, 1) + Math.floor(this.random.next() * 4.5 * 365 * 86_400_000);
  }

  expert(n: number): SearchDocument {
    const r = this.random;
    const script = this.script();
    const { discipline, papers } = this.related(r.int(2, 4));
    const other = r.chance(0.25) ? r.pick(this.vocabulary.disciplines) : null;
    const disciplines = other && other !== discipline ? [discipline, other] : [discipline];
    const name = this.personName(script);
    const organization = this.organization(script);
    const keywords = this.keywords(papers, script, r.int(3, 6));
    const publications = papers.slice(0, r.int(1, 3)).map((p) => {
      if (script === "english")
        return [
          this.englishTitle(),
          this.englishKeywords(3).join("；"),
          r.chance(0.25) ? this.sentences([], script, 2) : "",
        ];
      const paper = this.paper(p, script);
      return [paper.title, paper.keywords.join("；"), r.chance(0.25) ? paper.sentences.slice(0, 3).join("") : ""];
    });
    const shownDisciplines = script === "traditional" ? disciplines.map(this.vocabulary.toTraditional) : disciplines;
    const bio = !r.chance(0.5)
      ? ""
      : script === "english"
        ? `${r.pick(titles)} at ${organization}, working on ${keywords.slice(0, 2).join(" and ")}.`
        : `${organization}${r.pick(titles)}，主要从事${keywords.slice(0, 2).join("、")}等方向的研究。`;
    return {
      id: `e${n}`,
      text: {
        name,
        keywords: keywords.join("；"),
        disciplines: shownDisciplines.join("；"),
        publications: publications.map((p) => p.filter(Boolean).join("。")).join("\n"),
        bio,
        organization,
      },
      attributes: {
        region: this.region(script),
        discipline: disciplines,
        society: r.chance(0.4) ? r.distinctPicks(societies, r.int(1, 2)) : [],
        language:
          script === "english"
            ? ["en"]
            : script === "traditional"
              ? ["zh-Hant", "zh"]
              : r.chance(0.3)
                ? ["zh", r.pick(languages)]
                : ["zh"],
        updatedAt: this.updatedAt(),
      },
    };
  }

  need(n: number): SearchDocument {
    const r = this.random;
    const script = this.script();
    const { discipline, papers } = this.related(r.int(2, 3));
    const region = this.region(script);
    const kind = r.pick(enterpriseKinds);
    const enterprise =
      script === "english"
        ? `${r.pick(["Pacific", "Harbor", "Lion", "Summit", "Blue Ocean"])} ${r.pick(englishNouns)} Co., Ltd.`
        : `${region}${r.pick(brandChars)}${r.pick(brandChars)}${kind}${r.pick(["科技有限公司", "股份有限公司", "集团有限公司"])}`;
    const confidential = r.chance(0.1);
    const withheld = <T>(value: T): T | null => (confidential ? null : value);
    const difficulty =
      script === "english" ? `Difficulty: ${this.englishSentence()}` : `技术难点：${this.sentences(papers, script, 1)}`;
    const target =
      script === "english" ? `Target: ${this.englishSentence()}` : `预期目标：${this.sentences(papers, script, 1)}`;
    const shownDiscipline = script === "traditional" ? this.vocabulary.toTraditional(discipline) : discipline;
    return {
      id: `n${n}`,
      text: {
        title: this.title(papers, script),
        keywords: confidential ? "" : this.keywords(papers, script, r.int(2, 5)).join("；"),
        discipline: shownDiscipline,
        description: confidential ? "" : [this.sentences(papers, script, r.int(1, 3)), difficulty, target].join("\n"),
        enterprise: confidential ? "" : enterprise,
      },
      attributes: {
        region,
        discipline,
        // As buildSearchDocuments: a confidential need shows neither programme, status nor industry.
        track: r.chance(0.85) && !confidential ? r.pick(tracks) : null,
        status: withheld(r.chance(0.6) ? "open" : r.pick(statuses)),
        industry: confidential ? null : r.pick(industries),
        updatedAt: this.updatedAt(),
      },
    };
  }

  technology(n: number): SearchDocument {
    const r = this.random;
    const script = this.script();
    const { discipline, papers } = this.related(r.int(2, 3));
    const hasOwner = r.chance(0.9);
    const shownDiscipline = script === "traditional" ? this.vocabulary.toTraditional(discipline) : discipline;
    return {
      id: `t${n}`,
      text: {
        title: this.title(papers, script),
        keywords: this.keywords(papers, script, r.int(3, 5)).join("；"),
        discipline: shownDiscipline,
        abstract: this.sentences(papers, script, r.int(2, 4)),
        owner: hasOwner ? `${this.personName(script)} ${this.organization(script)}` : "",
      },
      attributes: {
        discipline,
        maturity: r.int(1, 9),
        transferMode: r.distinctPicks(transferModes, r.int(1, 2)),
        region: hasOwner ? this.region(script) : null,
        updatedAt: this.updatedAt(),
      },
    };
  }

  next(index: SearchIndexName, n: number): SearchDocument {
    return index === "experts" ? this.expert(n) : index === "needs" ? this.need(n) : this.technology(n);
  }
}
