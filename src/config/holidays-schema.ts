import { z } from 'zod';
import { DateTime } from 'luxon';

/** The holiday types date-holidays assigns (its `HolidayType`), in its own order of how widely they close offices. */
export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;
export type HolidayType = (typeof HOLIDAY_TYPES)[number];

/**
 * The types that close an office unless `holidays.types` says otherwise. `bank` is in because date-holidays files
 * exactly the days offices close without a public holiday under it: julafton, midsommarafton and nyårsafton in
 * Sweden, Heiliger Abend and Silvester in Germany and Austria. With `public` alone Tactful promised Swedish clients
 * an answer on 24 December.
 */
export const DEFAULT_CLOSING_HOLIDAY_TYPES: readonly HolidayType[] = ['public', 'bank'];

/** A local calendar date, YYYY-MM-DD (also config keys outside `holidays`, e.g. `startFrom`). */
export const isoDate = z
  .string()
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d).isValid, {
    message: 'is not a YYYY-MM-DD date',
  });

const holidayType = z.enum(HOLIDAY_TYPES, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a date-holidays type: use ${HOLIDAY_TYPES.join(', ')}`,
});

/** An inbox's `holidays`: which days close the office besides the weekly hours. */
export const holidaysSchema = z
  .object({
    /** ISO 3166-1 alpha-2 country (or country-state) whose holidays close the office (date-holidays). */
    country: z
      .string()
      .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'is not an ISO country code like SE or DE-BY')
      .optional(),
    /** Which date-holidays types of the country close the office. Default: public and bank. */
    types: z.array(holidayType).default([...DEFAULT_CLOSING_HOLIDAY_TYPES]),
    /** Extra closed days, local calendar dates. */
    closed: z.array(isoDate).default([]),
    /** Days the office works although a holiday falls on them (that weekday's hours apply), local dates. */
    open: z.array(isoDate).default([]),
  })
  .strict()
  .superRefine((h, ctx) => {
    // Which one wins would be a guess about what the operator meant: say so instead.
    h.open.forEach((date, i) => {
      if (h.closed.includes(date))
        ctx.addIssue({
          code: 'custom',
          path: ['open', i],
          message: `${date} is also in closed: a day cannot be both closed and open`,
        });
    });
  });
