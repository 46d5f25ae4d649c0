/** Private contact details (experts, organizations): the longest address RFC 5321 allows, and a phone number with room for an extension. */
export const contactLimits = {
  email: 254,
  phone: 40,
} as const;
