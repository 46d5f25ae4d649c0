-- AlterTable
ALTER TABLE "Track" ADD COLUMN "nameEn" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Track" ADD COLUMN "descriptionEn" TEXT NOT NULL DEFAULT '';

-- The default tracks created before this migration get their English names, unless an
-- organizer has renamed them.
UPDATE "Track" SET "nameEn" = 'Innovation Assistance Programme',
  "descriptionEn" = 'Learned societies serving innovation-driven development: experts help enterprises solve key technical problems'
  WHERE "code" = 'assist' AND "name" = '科技创新助力工程';
UPDATE "Track" SET "nameEn" = '6.18 Cross-Strait Project Achievement Fair',
  "descriptionEn" = 'China Cross-Strait Project Achievement Fair: projects, research results and needs brought together'
  WHERE "code" = '618' AND "name" = '6·18 海峡项目成果交易会';
UPDATE "Track" SET "nameEn" = 'Straits Forum',
  "descriptionEn" = 'Science and technology exchange and cooperation across the Taiwan Strait, for Taiwan experts and Taiwan-funded enterprises'
  WHERE "code" = 'straits' AND "name" = '海峡论坛';
UPDATE "Track" SET "nameEn" = 'Overseas Expert Programme (HAIZHI)',
  "descriptionEn" = 'Overseas talent serving the country: overseas experts matched with needs in the province'
  WHERE "code" = 'overseas' AND "name" = '海智计划';
UPDATE "Track" SET "nameEn" = 'Golden Bridge Project',
  "descriptionEn" = 'The science association''s Golden Bridge Project: technology transfer and industry–university–research cooperation'
  WHERE "code" = 'jinqiao' AND "name" = '金桥工程';
