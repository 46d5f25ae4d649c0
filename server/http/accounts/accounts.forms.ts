import { z } from "zod";
import { requiredText, text } from "../../shared/text.schemas.js";
import { blankToUndefined } from "../platform/forms.js";
import { claimBody, loginBody, registerBody } from "./accounts.schemas.js";

export const loginForm = z.object({
  email: requiredText(254),
  password: loginBody.shape.password.min(1),
  next: text(2000).optional(),
});
export type LoginForm = z.infer<typeof loginForm>;

export const registerForm = registerBody.extend({
  email: z.preprocess((value) => (typeof value === "string" ? value.trim() : value), registerBody.shape.email),
  organizationName: z.preprocess(blankToUndefined, registerBody.shape.organizationName),
});
export type RegisterForm = z.infer<typeof registerForm>;

/** The claim page asks for the password twice: nobody has typed it before. */
export const claimForm = claimBody
  .extend({ passwordAgain: z.string() })
  .refine((form) => form.password === form.passwordAgain, { path: ["passwordAgain"], message: "mismatch" });
