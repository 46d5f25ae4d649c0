/** A page of domain items as a page of response bodies. */
export function pageOf<T, R>(
  page: { items: T[]; page: number; pageSize: number; total: number },
  present: (item: T) => R,
) {
  return { ...page, items: page.items.map(present) };
}
