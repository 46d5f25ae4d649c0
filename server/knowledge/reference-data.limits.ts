/** The one source of the field limits of learned societies and tracks (API, forms, import lines). */
export const societyLimits = {
  name: 100,
  discipline: 200,
  description: 5_000,
} as const;

export const trackLimits = {
  code: 50,
  name: 100,
  description: 5_000,
} as const;
