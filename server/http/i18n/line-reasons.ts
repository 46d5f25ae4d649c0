import type { LineReason } from "../../shared/line-reasons.js";
import { translate, type Lang } from "./translate.js";

/**
 * A file report's reasons for one line in the page's language: each reason's code is looked up
 * in the locale files (`lineReason.<code>`) and filled with its values; the field is named as
 * the page's reader knows it (`fieldLabel`, e.g. the Chinese column header on Chinese pages),
 * with any position inside it kept (`成果[0].year`). The English message the domain wrote is for
 * the command line and the API; pages never parse it.
 */
export function translateLineReasons(
  lang: Lang,
  reasons: readonly LineReason[],
  fieldLabel: (field: string) => string = (field) => field,
): string {
  return reasons
    .map((reason) => {
      const message = translate(lang, `lineReason.${reason.code}`, reason.params);
      if (!reason.field) return message;
      const [, head = reason.field, rest = ""] = /^([^.[]+)(.*)$/s.exec(reason.field) ?? [];
      return translate(lang, "lineReason.field", { field: `${fieldLabel(head)}${rest}`, message });
    })
    .join(translate(lang, "lineReason.separator"));
}
