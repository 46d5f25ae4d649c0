import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  expertLineSchema,
  needLineSchema,
  technologyLineSchema,
} from "../../../../server/knowledge/import/import-records.schemas.js";
import { technologyPatchBody } from "../../../../server/http/technologies/technologies.schemas.js";
import { describeLineReasons, lineReasonsOf } from "../../../../server/shared/line-reasons.js";

/** The English reason the import report gives for the line. */
function reasonFor(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected the line to be rejected");
  return describeLineReasons(lineReasonsOf(result.error, value));
}

describe("expert line schema", () => {
  it("applies defaults for absent and null optional fields", () => {
    const expert = expertLineSchema.parse({ externalId: "E1", name: "林晓岚", organization: null, capacity: null });
    expect(expert).toEqual({
      externalId: "E1",
      name: "林晓岚",
      organization: "",
      title: "",
      region: "",
      disciplines: [],
      keywords: [],
      bio: "",
      languages: [],
      societies: [],
      publications: [],
      capacity: 3,
      email: null,
      phone: null,
    });
  });

  it("trims strings and drops blank and repeated list items", () => {
    const expert = expertLineSchema.parse({
      externalId: "  E1 ",
      name: " 王海 ",
      disciplines: ["海洋科学", " 海洋科学 ", "", "  "],
    });
    expect(expert.externalId).toBe("E1");
    expect(expert.name).toBe("王海");
    expect(expert.disciplines).toEqual(["海洋科学"]);
  });

  it("ignores unknown fields", () => {
    const expert = expertLineSchema.parse({ externalId: "E1", name: "A", favouriteColour: "blue" });
    expect(expert).not.toHaveProperty("favouriteColour");
  });

  it("keeps a null publication year and defaults the type to paper", () => {
    const expert = expertLineSchema.parse({ externalId: "E1", name: "A", publications: [{ title: "T", year: null }] });
    expect(expert.publications).toEqual([{ title: "T", abstract: "", year: null, type: "paper", keywords: [] }]);
  });

  it("requires a non-empty externalId of at most 100 characters and a name", () => {
    expect(reasonFor(expertLineSchema, { name: "A" })).toBe("externalId: required");
    expect(reasonFor(expertLineSchema, { externalId: "   ", name: "A" })).toBe("externalId: required");
    expect(reasonFor(expertLineSchema, { externalId: "x".repeat(101), name: "A" })).toBe(
      "externalId: longer than 100 characters",
    );
    expect(reasonFor(expertLineSchema, { externalId: "E1" })).toBe("name: required");
  });

  it("rejects a capacity that is not an integer from 0 to 100", () => {
    expect(reasonFor(expertLineSchema, { externalId: "E1", name: "A", capacity: 2.5 })).toBe(
      "capacity: expected an integer from 0 to 100",
    );
    expect(reasonFor(expertLineSchema, { externalId: "E1", name: "A", capacity: "3" })).toBe(
      "capacity: expected an integer from 0 to 100",
    );
    expect(expertLineSchema.parse({ externalId: "E1", name: "A", capacity: 0 }).capacity).toBe(0);
  });

  it("names the publication and field of a bad year or type", () => {
    const reason = reasonFor(expertLineSchema, {
      externalId: "E1",
      name: "A",
      publications: [{ title: "ok" }, { title: "old", year: 1800, type: "book" }],
    });
    expect(reason).toBe(
      "publications[1].year: expected an integer from 1900 to 2100; " +
        "publications[1].type: expected one of paper, project, patent, output",
    );
  });

  it("rejects a line that is not an object", () => {
    expect(reasonFor(expertLineSchema, [1, 2])).toBe("expected a JSON object");
  });
});

describe("technology line schema", () => {
  it("accepts maturity 1–9 and transfer modes", () => {
    const technology = technologyLineSchema.parse({
      externalId: "T1",
      title: "固态电解质",
      maturity: 9,
      transferModes: ["许可", "转让"],
    });
    expect(technology).toMatchObject({ maturity: 9, transferModes: ["license", "transfer"], ownerExternalId: "" });
    expect(reasonFor(technologyLineSchema, { externalId: "T1", title: "x", maturity: 0 })).toBe(
      "maturity: expected an integer from 1 to 9",
    );
  });

  it("stores transfer modes as codes, whatever the file calls them, once each", () => {
    const technology = technologyLineSchema.parse({
      externalId: "T1",
      title: "低溫銅對銅混合鍵合製程技術",
      transferModes: [
        "專利許可",
        "Licensing",
        "技術轉讓",
        "joint-development",
        "作价入股",
        "technical services",
        "service",
      ],
    });
    expect(technology.transferModes).toEqual(["license", "transfer", "cooperation", "equity", "service"]);
    // Several names in one cell or string, as spreadsheets write them; development contracts.
    const joined = technologyLineSchema.parse({
      externalId: "T2",
      title: "x",
      transferModes: ["许可、转让", "技术开发, 技术咨询"],
    });
    expect(joined.transferModes).toEqual(["license", "transfer", "cooperation", "service"]);
    // What the API and the edit form accept: the imported record can be saved back unchanged.
    expect(technologyPatchBody.parse({ transferModes: technology.transferModes })).toEqual({
      transferModes: technology.transferModes,
    });
  });

  it("rejects a transfer mode it cannot name, saying which ones it knows", () => {
    expect(reasonFor(technologyLineSchema, { externalId: "T1", title: "x", transferModes: ["许可", "赠送"] })).toBe(
      'transferModes: "赠送" is not a transfer mode (expected license (专利许可), transfer (技术转让), ' +
        "cooperation (合作开发), equity (作价入股), service (技术服务))",
    );
  });

  it("caps the title at 500 characters", () => {
    expect(reasonFor(technologyLineSchema, { externalId: "T1", title: "长".repeat(501) })).toBe(
      "title: longer than 500 characters",
    );
  });
});

describe("need line schema", () => {
  it("leaves status absent when the file does not give one", () => {
    const need = needLineSchema.parse({ externalId: "N1", title: "锂电池低温性能" });
    expect(need).toMatchObject({ status: null, confidential: false, track: "", difficulty: "", target: "" });
  });

  it("accepts the documented statuses only", () => {
    expect(needLineSchema.parse({ externalId: "N1", title: "t", status: "in_progress" }).status).toBe("in_progress");
    expect(reasonFor(needLineSchema, { externalId: "N1", title: "t", status: "finished" })).toBe(
      "status: expected one of draft, open, in_progress, solved, closed",
    );
  });

  it("wants a boolean for confidential", () => {
    expect(reasonFor(needLineSchema, { externalId: "N1", title: "t", confidential: "yes" })).toBe(
      "confidential: expected true or false",
    );
  });

  it("caps free text at 20,000 characters", () => {
    expect(reasonFor(needLineSchema, { externalId: "N1", title: "t", description: "字".repeat(20_001) })).toBe(
      "description: longer than 20000 characters",
    );
  });
});
