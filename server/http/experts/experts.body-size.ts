import express, { Router } from "express";
import { expertLimits, expertMaxCharacters } from "../../knowledge/experts.limits.js";
import { publicationInputs } from "./experts.forms.js";

/**
 * Body parsers for writing a profile, sized from the limits table: a profile at every limit
 * (200 publications with abstracts) is several megabytes, above the 1 MB every other request
 * gets. Mounted before the general parsers, which then leave the parsed body alone.
 */
const slack = 64 * 1024;
/** JSON may escape every character as \uXXXX (Python's json.dumps does by default): 6 bytes each. */
export const expertJsonBodyBytes = expertMaxCharacters * 6 + slack;
/** A form percent-encodes each UTF-8 byte (%E9%95%BF): up to 9 bytes a character. */
export const expertFormBodyBytes = expertMaxCharacters * 9 + slack;
/** Every publication row's inputs, plus the other inputs and society checkboxes with room to spare. */
const expertFormFields = expertLimits.publications * Object.keys(publicationInputs).length + 1_000;

export function expertBodyParsers(): Router {
  const router = Router();
  const json = express.json({ limit: expertJsonBodyBytes });
  router.post("/api/experts", json);
  router.patch("/api/experts/:id", json);
  router.post(
    "/experts/:id",
    express.urlencoded({ extended: false, limit: expertFormBodyBytes, parameterLimit: expertFormFields }),
  );
  return router;
}
