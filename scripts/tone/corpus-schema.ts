import { z } from 'zod';

/** One labelled message of the project's client-mail corpus (data/tone/SPEC.md). */
export const TONE_LANGS = ['en', 'sv', 'it', 'de', 'fr', 'es'] as const;
export const PAYMENT_LABELS = ['none', 'promise', 'paid', 'dispute', 'extension'] as const;

export const corpusMessage = z
  .object({
    id: z.string().regex(/^(train|test|retired)-(en|sv|it|de|fr|es)-\d{4}$/),
    lang: z.enum(TONE_LANGS),
    variety: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/),
    register: z.enum(['formal', 'casual']),
    format: z.enum(['text', 'html']),
    subject: z.string().max(300),
    body: z.string().min(1).max(20_000),
    angry: z.boolean(),
    intensity: z.number().int().min(0).max(3),
    urgent: z.boolean(),
    payment: z.enum(PAYMENT_LABELS),
    phenomena: z.array(z.string().regex(/^[a-z-]+$/)),
    reason: z.string().min(3).max(300),
  })
  .strict()
  .refine((m) => m.angry === m.intensity >= 2, { message: 'angry must equal intensity >= 2' })
  .refine((m) => (m.format === 'html') === /<[a-z][^>]*>/i.test(m.body), {
    message: 'format html ⇔ body has HTML tags',
  });
export type CorpusMessage = z.infer<typeof corpusMessage>;
