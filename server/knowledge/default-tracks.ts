import type { TrackFields } from "./reference-data.repository.js";

/** The association's programme tracks; created on first start, editable by organizers. */
export const defaultTracks: readonly TrackFields[] = [
  { code: "assist", name: "科技创新助力工程", description: "学会服务创新驱动发展：组织专家帮助企业解决关键技术难题" },
  { code: "618", name: "6·18 海峡项目成果交易会", description: "中国·海峡项目成果交易会：项目、成果与需求对接" },
  { code: "straits", name: "海峡论坛", description: "海峡两岸科技交流与合作，面向台湾专家与台资企业" },
  { code: "overseas", name: "海智计划", description: "海外智力为国服务行动计划：海外专家与省内需求对接" },
  { code: "jinqiao", name: "金桥工程", description: "科协金桥工程：促进科技成果转化与产学研合作" },
];
