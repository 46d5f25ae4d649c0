/**
 * How a spreadsheet column header is compared, for every file organizers upload (record imports,
 * event rosters): `External ID`, `external_id` and `externalId` name the same column, and so do
 * `姓名`, `姓名*` and `姓名（必填）`: full-width forms are folded (NFKC), case, spaces, `_` and `-`
 * are ignored, and a trailing required-marker `*` or bracketed hint is dropped.
 */
export function headerKey(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s*(\*|\([^)]*\))\s*$/u, "")
    .replace(/[\s_-]+/g, "");
}
