import express, { Router, type RequestHandler } from "express";
import { expertLimits, expertMaxCharacters } from "../../knowledge/experts.limits.js";
import { publicationInputs } from "./experts.forms.js";

/**
 * Body parsers for writing a profile, sized from the limits table: a profile at every limit
 * (1,000 publications with abstracts) is tens of megabytes, above the 1 MB every other request
 * gets. Mounted before the general parsers, which then leave the parsed body alone.
 */
const slack = 64 * 1024;
/** JSON may escape every character as \uXXXX (Python's json.dumps does by default): 6 bytes each. */
export const expertJsonBodyBytes = expertMaxCharacters * 6 + slack;
/** A form percent-encodes each UTF-8 byte (%E9%95%BF): up to 9 bytes a character. */
export const expertFormBodyBytes = expertMaxCharacters * 9 + slack;
/** Every publication row's inputs, plus the other inputs and society checkboxes with room to spare. */
const expertFormFields = expertLimits.publications * Object.keys(publicationInputs).length + 1_000;

/**
 * Only for a signed-in user (authenticate() has run): an anonymous request to these paths gets
 * the general 1 MB parsers and then its 401, so nobody can make the server read megabytes
 * without an account.
 */
export function expertBodyParsers(): Router {
  const router = Router();
  const signedIn: RequestHandler = (_req, res, next) => (res.locals.auth?.user ? next() : next("router"));
  const json = express.json({ limit: expertJsonBodyBytes });
  router.post("/api/experts", signedIn, json);
  router.patch("/api/experts/:id", signedIn, json);
  router.post(
    "/experts/:id",
    signedIn,
    express.urlencoded({ extended: false, limit: expertFormBodyBytes, parameterLimit: expertFormFields }),
  );
  return router;
}
