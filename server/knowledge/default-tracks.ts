import type { TrackFields } from "./reference-data.repository.js";

/**
 * The association's programme tracks; created on first start, editable by organizers.
 * Databases made before the tracks had English names got these through the migration
 * 20261207170000_track_english_names (unless an organizer had renamed the track).
 */
export const defaultTracks: readonly TrackFields[] = [
  {
    code: "assist",
    name: "科技创新助力工程",
    nameEn: "Innovation Assistance Programme",
    description: "学会服务创新驱动发展：组织专家帮助企业解决关键技术难题",
    descriptionEn:
      "Learned societies serving innovation-driven development: experts help enterprises solve key technical problems",
  },
  {
    code: "618",
    name: "6·18 海峡项目成果交易会",
    nameEn: "6.18 Cross-Strait Project Achievement Fair",
    description: "中国·海峡项目成果交易会：项目、成果与需求对接",
    descriptionEn: "China Cross-Strait Project Achievement Fair: projects, research results and needs brought together",
  },
  {
    code: "straits",
    name: "海峡论坛",
    nameEn: "Straits Forum",
    description: "海峡两岸科技交流与合作，面向台湾专家与台资企业",
    descriptionEn:
      "Science and technology exchange and cooperation across the Taiwan Strait, for Taiwan experts and Taiwan-funded enterprises",
  },
  {
    code: "overseas",
    name: "海智计划",
    nameEn: "Overseas Expert Programme (HAIZHI)",
    description: "海外智力为国服务行动计划：海外专家与省内需求对接",
    descriptionEn: "Overseas talent serving the country: overseas experts matched with needs in the province",
  },
  {
    code: "jinqiao",
    name: "金桥工程",
    nameEn: "Golden Bridge Project",
    description: "科协金桥工程：促进科技成果转化与产学研合作",
    descriptionEn:
      "The science association's Golden Bridge Project: technology transfer and industry–university–research cooperation",
  },
];
