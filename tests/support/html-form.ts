import { Parser } from "htmlparser2";

/**
 * What a browser submits for the form of a page (HTML's "constructing the entry list"): text,
 * number, email, tel and hidden inputs, ticked checkboxes, each select's selected option (or its
 * first) and textareas, in document order, with line breaks sent as CRLF. Lets a test post back
 * exactly what the page shows, without a browser.
 */
export function formEntries(html: string, action: string): [string, string][] {
  const entries: [string, string][] = [];
  let inForm = false;
  let textarea: { name: string; text: string } | null = null;
  let select: { name: string; first: string | null; chosen: string | null } | null = null;
  let option: { value: string | undefined; text: string; selected: boolean } | null = null;
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (tag === "form") inForm = attributes.action === action;
        if (!inForm || attributes.disabled !== undefined) return;
        const name = attributes.name;
        if (tag === "input" && name !== undefined) {
          const type = attributes.type ?? "text";
          if (["checkbox", "radio"].includes(type)) {
            if (attributes.checked !== undefined) entries.push([name, attributes.value ?? "on"]);
          } else if (!["submit", "button", "file", "image", "reset"].includes(type)) {
            entries.push([name, attributes.value ?? ""]);
          }
        }
        if (tag === "textarea" && name !== undefined) textarea = { name, text: "" };
        if (tag === "select" && name !== undefined) select = { name, first: null, chosen: null };
        if (tag === "option" && select)
          option = { value: attributes.value, text: "", selected: "selected" in attributes };
      },
      ontext(text) {
        if (textarea) textarea.text += text;
        if (option) option.text += text;
      },
      onclosetag(tag) {
        if (tag === "form") inForm = false;
        if (tag === "textarea" && textarea) {
          // The parser drops one newline right after <textarea>, as browsers do.
          entries.push([textarea.name, textarea.text.replace(/^\n/, "")]);
          textarea = null;
        }
        if (tag === "option" && option && select) {
          const value = option.value ?? option.text.trim();
          select.first ??= value;
          if (option.selected) select.chosen = value;
          option = null;
        }
        if (tag === "select" && select) {
          const value = select.chosen ?? select.first;
          if (value !== null) entries.push([select.name, value]);
          select = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return entries.map(([name, value]) => [name, value.replace(/\r?\n/g, "\r\n")]);
}

/** The entries as an application/x-www-form-urlencoded body. */
export function formBody(entries: [string, string][]): string {
  return new URLSearchParams(entries).toString();
}
