import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { DocumentedOperation, JsonSchema } from "./openapi-document.js";

/**
 * Checks answers against `/api/openapi.json`. The document is OpenAPI 3.1, whose schemas are
 * JSON Schema 2020-12 (what `z.toJSONSchema` emits), so they are validated with Ajv's
 * 2020-12 dialect, formats (`date-time`, `email`…) included.
 */
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const compiled = new WeakMap<object, ValidateFunction>();

export function compileSchema(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export interface Answer {
  status: number;
  /** The media type without parameters, e.g. `application/json`; "" when there is no body. */
  type: string;
  body: unknown;
  text: string;
}

/** What is wrong with an answer by the document, or [] when it conforms. */
export function nonConformance(operation: DocumentedOperation, answer: Answer): string[] {
  const documented = operation.responses[String(answer.status)];
  if (!documented) {
    return [`status ${answer.status} is not documented (documented: ${Object.keys(operation.responses).join(", ")})`];
  }
  if (!documented.content) {
    return answer.text.length > 0 ? [`status ${answer.status} is documented without a body, but one came`] : [];
  }
  const media = documented.content[answer.type];
  if (!media) {
    const types = Object.keys(documented.content).join(", ");
    return [`media type "${answer.type}" is not documented for ${answer.status} (documented: ${types})`];
  }
  const value = answer.type === "application/json" ? answer.body : answer.text;
  const validate = compileSchema(media.schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 5).map((error) => `body${error.instancePath} ${error.message}`);
}
