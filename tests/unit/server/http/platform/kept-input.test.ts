import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keptBodyOf, parseKeptBody } from "../../../../../server/http/platform/kept-input.js";

/** A field name as forms send them (never a password or the token, which are tested apart). */
const fieldName = fc
  .string({ minLength: 1, maxLength: 20 })
  .filter((name) => name !== "_csrf" && !/password/i.test(name) && name !== "__proto__");
/** A field's value as express.urlencoded gives it: one text, or a list of two or more for a repeated input. */
const fieldValue = fc.oneof(fc.string(), fc.array(fc.string(), { minLength: 2, maxLength: 4 }));

describe("a form post carried through the sign-in page", () => {
  it("comes back exactly as the form handler first received it: any text, repeated inputs in order", () => {
    fc.assert(
      fc.property(fc.dictionary(fieldName, fieldValue), (body) => {
        expect(parseKeptBody(keptBodyOf(body))).toEqual(body);
      }),
    );
  });

  it("never carries a password or the refused CSRF token, whichever way they arrive", () => {
    const body = {
      title: "氮化铝 & 烧结 = 100%",
      password: "secret-1",
      newPassword: "secret-2",
      _csrf: "stale-token",
      publicationTitle: ["第一篇", "第二篇"],
    };
    const kept = keptBodyOf(body);
    expect(kept).not.toContain("secret");
    expect(kept).not.toContain("stale-token");
    expect(parseKeptBody(kept)).toEqual({ title: body.title, publicationTitle: body.publicationTitle });
    // A kept body edited in the page to slip them back in is read without them too.
    expect(parseKeptBody("title=x&password=p&_csrf=t")).toEqual({ title: "x" });
    // Nor a name that would replace the rebuilt body's prototype.
    const rebuilt = parseKeptBody("__proto__=a&__proto__=b&title=x");
    expect(Object.getPrototypeOf(rebuilt)).toBe(Object.prototype);
    expect(rebuilt).toEqual({ title: "x" });
  });
});
