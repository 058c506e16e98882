import { z } from 'zod';
import { DateTime, IANAZone } from 'luxon';
import { LANGUAGES } from './languages.ts';

/**
 * An invoice Tactful chases. The due date is a local calendar date (no time, no zone): reminder send instants
 * are computed from it in the client's own time zone for the target day (invoiceninja#792, #12158).
 * Statuses: open (chased) | paid | disputed | paused (until a date, or until a lead resumes) | cancelled.
 */
export const INVOICE_STATUSES = ['open', 'paid', 'disputed', 'paused', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

const validDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d).isValid;
export const localDate = z.string().refine(validDate, 'is not a YYYY-MM-DD date');

const timezone = z.string().refine((tz) => IANAZone.isValidZone(tz), 'is not an IANA time zone');

export const invoiceClient = z
  .object({
    email: z.email(),
    // One line: the name goes into the greeting, never into a header, but a stray newline reads badly.
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .transform((n) => n.replace(/\s+/g, ' ')),
    /** Reminder language; the inbox's language when missing. */
    language: z.enum(LANGUAGES).optional(),
    /** IANA zone reminders are timed in; the inbox's when missing. */
    timezone: timezone.optional(),
    /** Holidays of this country close the client's calendar instead of the inbox's (date-holidays code, e.g. SE). */
    country: z
      .string()
      .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'is not an ISO country code like SE or DE-BY')
      .optional(),
    /** Finance contacts copied on every reminder. */
    cc: z.array(z.email()).max(10).optional(),
    /** Per-client ladder override: days after due for steps 1–4. */
    steps: z.array(z.number().int().min(0).max(365)).length(4).optional(),
  })
  .strict();
export type InvoiceClient = z.infer<typeof invoiceClient>;

/** What a caller supplies (API body, CSV row). */
export const invoiceInput = z
  .object({
    number: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[\p{L}\p{N}][\p{L}\p{N}\-_/.#]*$/u, 'may use letters, digits and - _ / . #'),
    client: invoiceClient,
    amount: z.number().positive().max(1e12),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'is not a 3-letter ISO 4217 code')
      .refine((c) => Intl.supportedValuesOf('currency').includes(c), 'is not a known currency'),
    issuedAt: localDate,
    dueDate: localDate,
    /** Message-ID of the email that carried the invoice: reminders thread under it. */
    threadMessageId: z
      .string()
      .regex(/^<[^<>\s]+@[^<>\s]+>$/, 'is not a <local@domain> Message-ID')
      .optional(),
    /** Subject of that email; reminders keep it with one "Re: " so every client threads them (RFC 5322 §3.6.5). */
    subject: z.string().max(300).optional(),
  })
  .strict()
  // Only compared when both dates are valid, so a bad date gets one message, not two.
  .refine((i) => !validDate(i.dueDate) || !validDate(i.issuedAt) || i.dueDate >= i.issuedAt, {
    path: ['dueDate'],
    message: 'is before issuedAt',
  });
export type InvoiceInput = z.infer<typeof invoiceInput>;

export const invoiceEvent = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  detail: z.string().optional(),
});
export type InvoiceEvent = z.infer<typeof invoiceEvent>;

/**
 * One reminder step once it has fired: the draft made for it (one entry per step; a re-draft replaces it).
 * `skipped` comes from the catch-up rule before issue 12 (only the latest due step was sent); no step is
 * skipped any more, but old records keep saying so and count as passed.
 */
export const reminderStepState = z.object({
  step: z.number().int().min(1).max(4),
  state: z.enum(['drafted', 'skipped']),
  at: z.string(),
  draftId: z.string().nullable(),
  outgoingMessageId: z.string().nullable(),
  sendAt: z.string().nullable(),
  /**
   * Which draft of the step this is: 1 (absent) for the first; 2, 3 … when the earlier one never went out (it
   * was cancelled by a hold, or rejected by a lead) and the ladder was resumed. At most one of them is sent.
   */
  attempt: z.number().int().min(1).optional(),
});
export type ReminderStepState = z.infer<typeof reminderStepState>;

/** A date the client gave for paying (src/reminders/promised-date.ts), and the message that gave it. */
export const paymentPromise = z.object({
  /** Local calendar date in the client's zone. */
  date: localDate,
  /** When the message arrived. */
  madeAt: z.string(),
  recordId: z.string(),
});
export type PaymentPromise = z.infer<typeof paymentPromise>;

/** A client's message about the invoice and the reply drafted for a lead (the draft page shows the last one). */
export const clientMessageRef = z.object({
  recordId: z.string(),
  receivedAt: z.string(),
  /** Triage's payment kind: promise, paid, dispute, extension or none. */
  payment: z.string(),
  /** The `payment-reply` draft for it; null for an automatic reply (out of office), which gets none. */
  draftId: z.string().nullable(),
});
export type ClientMessageRef = z.infer<typeof clientMessageRef>;

export const invoiceRecord = z.object({
  id: z.string(),
  inbox: z.string(),
  number: z.string(),
  client: invoiceClient,
  amount: z.number(),
  currency: z.string(),
  issuedAt: z.string(),
  dueDate: z.string(),
  threadMessageId: z.string().optional(),
  subject: z.string().optional(),
  status: z.enum(INVOICE_STATUSES),
  /** Paused until this local date (inclusive) in the client's zone; absent = until a lead resumes. */
  pausedUntil: z.string().optional(),
  /** Last message sent to the client about this invoice (the invoice email counts as issuedAt). */
  lastContactAt: z.string().nullable(),
  reminders: z.array(reminderStepState),
  /** The latest payment date the client promised; steps drafted afterwards acknowledge it. */
  promise: paymentPromise.optional(),
  /** The client's messages about this invoice, oldest first. */
  clientMessages: z.array(clientMessageRef).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(invoiceEvent),
});
export type InvoiceRecord = z.infer<typeof invoiceRecord>;
