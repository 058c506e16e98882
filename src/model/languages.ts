/** The languages Tactful triages and writes in (ISO 639-1). */
export const LANGUAGES = ['en', 'sv', 'it', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
