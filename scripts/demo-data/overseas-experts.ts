/**
 * Hand-written overseas experts for the 海智计划 (overseas talent) programme.
 * English profiles; names are fictional. `region` is the country in Chinese.
 * `disciplines` use the CSL taxonomy like every other record.
 */
import type { ExpertRecord } from "./types.js";

export const OVERSEAS_EXPERTS: readonly ExpertRecord[] = [
  {
    externalId: "DEMO-EOS01",
    name: "Lim Jia Hui",
    organization: "National University of Singapore",
    title: "Associate Professor",
    region: "新加坡",
    disciplines: ["材料科学与工程", "化学/化学工程与技术"],
    keywords: [
      "sodium-ion battery",
      "cathode materials",
      "solid-state electrolyte",
      "battery recycling",
      "electrochemistry",
    ],
    bio: "Associate Professor in the Department of Materials Science and Engineering, National University of Singapore. Works on sodium-ion and solid-state batteries, from layered-oxide and Prussian-blue cathodes to scalable electrode processing, and on hydrometallurgical recycling of spent lithium-ion cells.",
    languages: ["en", "zh"],
    societies: [],
    publications: [
      {
        title: "Air-stable layered oxide cathodes for sodium-ion batteries by surface lattice doping",
        abstract:
          "Layered O3-type sodium transition-metal oxides degrade quickly in humid air. Doping the surface lattice with titanium and magnesium suppresses sodium loss and carbonate formation, so the cathode powder can be slurry-coated in ambient conditions and retains 90% capacity after 500 cycles.",
        year: 2022,
        type: "paper",
        keywords: ["sodium-ion battery", "layered oxide", "air stability", "cathode"],
      },
      {
        title: "Selective lithium recovery from spent battery black mass by mild acid leaching",
        abstract:
          "A two-stage leaching route with organic acids and hydrogen peroxide recovers more than 95% of lithium, nickel and cobalt from shredded black mass while reducing acid consumption and wastewater compared with sulfuric-acid leaching.",
        year: 2023,
        type: "paper",
        keywords: ["battery recycling", "black mass", "hydrometallurgy", "lithium recovery"],
      },
      {
        title: "Polymer-in-ceramic composite electrolytes for room-temperature solid-state cells",
        abstract:
          "Composite electrolytes combining garnet particles with a PEO matrix reach 0.5 mS/cm at 25 °C and enable stable lithium-metal cycling at moderate stack pressure.",
        year: 2020,
        type: "paper",
        keywords: ["solid-state electrolyte", "composite electrolyte", "lithium metal"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-EOS02",
    name: "Priya Raman",
    organization: "Nanyang Technological University",
    title: "Professor",
    region: "新加坡",
    disciplines: ["环境科学与工程"],
    keywords: [
      "membrane technology",
      "industrial wastewater reuse",
      "zero liquid discharge",
      "desalination",
      "membrane fouling",
    ],
    bio: "Professor at the School of Civil and Environmental Engineering, Nanyang Technological University, Singapore. Develops membrane processes for industrial water reuse and zero liquid discharge in petrochemical, semiconductor and textile plants, with a focus on fouling control and brine management.",
    languages: ["en"],
    societies: [],
    publications: [
      {
        title: "Fouling control in reverse osmosis treatment of petrochemical secondary effluent",
        abstract:
          "Pilot-scale tests at a refinery show that ozonation followed by biologically active carbon reduces organic fouling of reverse-osmosis membranes, extending the cleaning interval from 2 to 7 weeks.",
        year: 2021,
        type: "paper",
        keywords: ["reverse osmosis", "membrane fouling", "petrochemical wastewater"],
      },
      {
        title: "Hybrid nanofiltration and evaporation for zero liquid discharge of high-salinity brine",
        abstract:
          "Nanofiltration separates sodium chloride from sulfate before evaporation and crystallisation, producing salts of reusable quality and cutting the energy demand of zero liquid discharge by 30%.",
        year: 2023,
        type: "paper",
        keywords: ["zero liquid discharge", "nanofiltration", "brine", "salt recovery"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-EOS03",
    name: "Tobias Brenner",
    organization: "Fraunhofer Institute for Laser Technology ILT",
    title: "Senior Scientist",
    region: "德国",
    disciplines: ["机械工程", "材料科学与工程"],
    keywords: [
      "laser cladding",
      "laser welding",
      "additive manufacturing",
      "surface engineering",
      "repair of components",
    ],
    bio: "Senior scientist and group leader for laser cladding at Fraunhofer ILT in Aachen, Germany. Works on extreme high-speed laser cladding, laser welding of aluminium and copper for e-mobility, and repair of moulds and hydraulic components with directed energy deposition.",
    languages: ["en"],
    societies: [],
    publications: [
      {
        title: "Extreme high-speed laser material deposition as a replacement for hard chrome plating",
        abstract:
          "Thin, dense coatings of iron- and nickel-based alloys are deposited at surface speeds above 100 m/min, giving corrosion and wear resistance comparable to hard chrome on hydraulic cylinder rods without hexavalent chromium.",
        year: 2020,
        type: "paper",
        keywords: ["laser cladding", "hard chrome replacement", "hydraulic cylinder"],
      },
      {
        title: "Porosity reduction in laser welding of aluminium battery housings by beam oscillation",
        abstract:
          "Circular beam oscillation stabilises the keyhole in laser welding of 6xxx aluminium alloys, reducing porosity to below 1% and improving the gas-tightness of battery trays.",
        year: 2022,
        type: "paper",
        keywords: ["laser welding", "aluminium", "porosity", "battery housing"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-EOS04",
    name: "Katrin Weidner",
    organization: "Technical University of Munich",
    title: "Professor",
    region: "德国",
    disciplines: ["食品科学与工程"],
    keywords: [
      "food process engineering",
      "high-pressure processing",
      "seafood processing",
      "protein functionality",
      "spray drying",
    ],
    bio: "Professor of food process engineering at the TUM School of Life Sciences, Technical University of Munich. Studies non-thermal preservation such as high-pressure processing, the functionality of proteins from fish and plant by-products, and gentle drying of bioactive ingredients.",
    languages: ["en"],
    societies: [],
    publications: [
      {
        title: "High-pressure processing extends the chilled shelf life of fresh fish fillets",
        abstract:
          "Treatment at 300 MPa for 5 minutes lowers microbial counts by three log units and delays lipid oxidation, extending the chilled shelf life of fish fillets from 8 to 18 days while keeping a raw appearance.",
        year: 2021,
        type: "paper",
        keywords: ["high-pressure processing", "fish fillet", "shelf life"],
      },
      {
        title: "Enzymatic hydrolysis of fish skin collagen for functional peptides",
        abstract:
          "Sequential protease hydrolysis of fish skin yields collagen peptides below 3 kDa with good solubility; membrane fractionation and spray drying give a powder suitable for beverages.",
        year: 2019,
        type: "paper",
        keywords: ["collagen peptides", "fish by-products", "enzymatic hydrolysis"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-EOS05",
    name: "Michael Hensley",
    organization: "Georgia Institute of Technology",
    title: "Professor",
    region: "美国",
    disciplines: ["电气工程", "电子科学与技术"],
    keywords: ["power electronics", "GaN devices", "SiC MOSFET", "fast charging", "power module packaging"],
    bio: "Professor at the School of Electrical and Computer Engineering, Georgia Institute of Technology. Research on wide-bandgap power electronics: GaN and SiC converters, high-density chargers and the packaging and reliability of power modules.",
    languages: ["en"],
    societies: [],
    publications: [
      {
        title: "A 65 W GaN-based flyback charger with 30 W/in3 power density",
        abstract:
          "Active-clamp flyback topology with GaN switches at 1 MHz and a planar transformer achieves 94% peak efficiency and passes conducted EMI limits with a reduced filter.",
        year: 2021,
        type: "paper",
        keywords: ["GaN", "fast charger", "flyback", "power density"],
      },
      {
        title: "Thermal cycling reliability of sintered-silver die attach in SiC power modules",
        abstract:
          "Pressure-assisted silver sintering shows no crack growth after 2000 thermal cycles between -40 °C and 175 °C, outperforming SAC solder die attach.",
        year: 2023,
        type: "paper",
        keywords: ["SiC power module", "silver sintering", "reliability"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-EOS06",
    name: "Sarah Whitfield",
    organization: "University of California, Davis",
    title: "Associate Professor",
    region: "美国",
    disciplines: ["园艺学", "食品科学与工程"],
    keywords: ["postharvest physiology", "citrus", "cold chain", "fruit quality", "edible coatings"],
    bio: "Associate Professor in the Department of Plant Sciences, University of California, Davis. Studies postharvest physiology and storage of citrus and subtropical fruit, edible coatings and cold-chain management for export.",
    languages: ["en"],
    societies: [],
    publications: [
      {
        title: "Edible coatings reduce water loss and granulation in stored pummelo",
        abstract:
          "Carnauba-wax and chitosan coatings reduce weight loss by 40% and delay juice-sac granulation of pummelo during 90 days of storage at 8 °C.",
        year: 2022,
        type: "paper",
        keywords: ["pummelo", "edible coating", "granulation", "storage"],
      },
      {
        title: "Temperature abuse during export shipping and its effect on citrus decay",
        abstract:
          "Data loggers in 40 export containers show that short temperature excursions during loading double green-mould incidence; a pre-cooling protocol is proposed.",
        year: 2020,
        type: "paper",
        keywords: ["cold chain", "citrus decay", "export"],
      },
    ],
    capacity: 3,
  },
  {
    externalId: "DEMO-EOS07",
    name: "Fiona MacLeod",
    organization: "University of Stirling",
    title: "Professor",
    region: "英国",
    disciplines: ["水产"],
    keywords: ["fish health", "aquaculture vaccines", "parasites", "marine finfish", "offshore aquaculture"],
    bio: "Professor at the Institute of Aquaculture, University of Stirling, UK. Works on the health of farmed marine fish: vaccines, parasite control with cleaner fish and non-medicinal treatments, and welfare in offshore cage farming.",
    languages: ["en"],
    societies: [],
    publications: [
      {
        title: "Non-medicinal control of ciliate parasites in marine cage culture",
        abstract:
          "Freshwater bathing combined with reduced stocking density controls outbreaks of parasitic ciliates in sea cages without chemotherapeutants; survival improved by 25% in field trials.",
        year: 2021,
        type: "paper",
        keywords: ["parasite control", "sea cage", "freshwater bath"],
      },
      {
        title: "Oral booster vaccination of farmed marine finfish",
        abstract:
          "An encapsulated oral booster maintains antibody titres for six months after injection vaccination, reducing handling stress in grow-out cages.",
        year: 2019,
        type: "paper",
        keywords: ["oral vaccine", "marine finfish", "immunity"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-EOS08",
    name: "Oliver Grant",
    organization: "Imperial College London",
    title: "Reader",
    region: "英国",
    disciplines: ["化学/化学工程与技术", "石油与天然气工程"],
    keywords: [
      "process safety",
      "process intensification",
      "heat exchanger fouling",
      "petrochemical processes",
      "digital twin",
    ],
    bio: "Reader in the Department of Chemical Engineering, Imperial College London. Works on petrochemical process intensification, fouling in heat exchangers and furnaces, and model-based process safety and digital twins for refineries.",
    languages: ["en"],
    societies: [],
    publications: [
      {
        title: "Coke formation in steam-cracking furnace coils: modelling and mitigation",
        abstract:
          "A kinetic and CFD model predicts coke deposition along cracking coils; combined with sulphur dosing and run-length optimisation it extends run length by 20% in an industrial naphtha cracker.",
        year: 2020,
        type: "paper",
        keywords: ["steam cracking", "coke formation", "CFD", "run length"],
      },
      {
        title: "Data-driven monitoring of crude preheat train fouling",
        abstract:
          "A hybrid model combining heat-exchanger physics with plant data estimates fouling resistance in real time and schedules cleaning to minimise energy loss.",
        year: 2022,
        type: "paper",
        keywords: ["heat exchanger fouling", "hybrid model", "refinery"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-EOS09",
    name: "Kenji Morimoto",
    organization: "Tohoku University",
    title: "Professor",
    region: "日本",
    disciplines: ["材料科学与工程", "冶金工程"],
    keywords: [
      "rare-earth permanent magnets",
      "NdFeB",
      "grain boundary diffusion",
      "magnetic materials",
      "heavy rare earth reduction",
    ],
    bio: "Professor at the Institute for Materials Research, Tohoku University, Japan. Research on high-performance NdFeB permanent magnets, grain-boundary diffusion to reduce heavy rare-earth use, and microstructure of magnetic alloys.",
    languages: ["en"],
    societies: [],
    publications: [
      {
        title: "Grain boundary diffusion of Tb in sintered NdFeB magnets with low heavy rare-earth content",
        abstract:
          "Diffusion of Tb from a surface coating raises coercivity by 0.8 MA/m while using less than 0.5 wt% Tb, by forming a Tb-rich shell around Nd2Fe14B grains.",
        year: 2021,
        type: "paper",
        keywords: ["NdFeB", "grain boundary diffusion", "coercivity", "terbium"],
      },
      {
        title: "Recycling of NdFeB swarf by hydrogen decrepitation",
        abstract:
          "Hydrogen processing converts grinding swarf into powder suitable for re-sintering, recovering 95% of the magnetic performance.",
        year: 2018,
        type: "paper",
        keywords: ["magnet recycling", "hydrogen decrepitation", "NdFeB"],
      },
    ],
    capacity: 2,
  },
  {
    externalId: "DEMO-EOS10",
    name: "Grace Thompson",
    organization: "CSIRO Environment",
    title: "Principal Research Scientist",
    region: "澳大利亚",
    disciplines: ["环境科学与工程", "海洋科学"],
    keywords: ["estuary water quality", "catchment modelling", "nutrient loads", "sediment", "remote sensing"],
    bio: "Principal Research Scientist at CSIRO Environment, Brisbane, Australia. Builds catchment-to-coast models of nutrient and sediment loads, and uses satellite remote sensing to monitor estuary water quality and algal blooms.",
    languages: ["en"],
    societies: [],
    publications: [
      {
        title: "Linking catchment nutrient loads to estuarine algal blooms",
        abstract:
          "A coupled catchment and hydrodynamic model attributes 60% of phosphorus load in a subtropical estuary to livestock and fertilised cropland, and tests management scenarios for bloom reduction.",
        year: 2022,
        type: "paper",
        keywords: ["nutrient loads", "estuary", "algal bloom", "catchment model"],
      },
      {
        title: "Satellite retrieval of suspended sediment in turbid river plumes",
        abstract:
          "Sentinel-2 reflectance calibrated with in-situ samples maps suspended sediment concentration in river plumes with 20% error.",
        year: 2020,
        type: "paper",
        keywords: ["remote sensing", "suspended sediment", "river plume"],
      },
    ],
    capacity: 3,
  },
  {
    externalId: "DEMO-EOS11",
    name: "Ng Siew Mei",
    organization: "Universiti Malaya",
    title: "Associate Professor",
    region: "马来西亚",
    disciplines: ["药学", "中医学/中药学"],
    keywords: [
      "natural products",
      "herbal medicine standardisation",
      "pharmacokinetics",
      "quality control",
      "HPLC fingerprinting",
    ],
    bio: "Associate Professor in the Department of Pharmacology, Universiti Malaya, Malaysia. Works on quality control and pharmacology of herbal medicines, including chromatographic fingerprinting, marker selection and registration dossiers for traditional Chinese medicine products in ASEAN markets.",
    languages: ["en", "zh"],
    societies: [],
    publications: [
      {
        title: "HPLC fingerprinting and marker selection for quality control of a traditional herbal formula",
        abstract:
          "Fingerprints of 30 batches are compared by similarity analysis and chemometrics; five markers are proposed for batch release and stability testing.",
        year: 2021,
        type: "paper",
        keywords: ["HPLC fingerprint", "quality control", "herbal formula"],
      },
      {
        title: "Regulatory pathways for traditional medicine products in ASEAN",
        abstract:
          "Compares registration requirements for traditional medicines in Malaysia, Singapore, Thailand and Indonesia and lists common gaps in dossiers submitted by manufacturers.",
        year: 2023,
        type: "output",
        keywords: ["regulatory affairs", "traditional medicine", "ASEAN"],
      },
    ],
    capacity: 3,
  },
];
