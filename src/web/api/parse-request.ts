import { z } from 'zod';
import { SafeError } from '../../errors.ts';

/**
 * The one way API handlers read a query or a body: a zod schema, and on failure a 400 `bad_request` whose
 * message names the field (`limit: Too big: expected number to be <=1000`). A missing body reads as `{}`.
 *
 * A field may keep an error code of its own that clients already know (e.g. `bad_limit` on /api/messages):
 * its schema raises a custom issue made by `fieldProblem`, whose message is a whole sentence naming the field.
 */
export function parseRequest<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const code = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  if (typeof code === 'string') throw new SafeError(code, issue.message, 400);
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new SafeError('bad_request', `${where}${issue.message}`, 400);
}

/** A custom issue that `parseRequest` answers with its own code and message (see above). */
export const fieldProblem = (code: string, message: string) =>
  ({ code: 'custom', message, params: { code } }) as const;

/** `?status=pending,failed`: a comma-separated list of statuses out of `allowed`. */
export function statusListParam<const T extends string>(allowed: readonly T[], description: string) {
  return z
    .string()
    .max(200)
    .meta({ description })
    .transform((s, ctx) => {
      const names = s.split(',').map((x) => x.trim());
      const bad = names.find((x) => !(allowed as readonly string[]).includes(x));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `unknown status "${bad}" (one of ${allowed.join(', ')})` });
        return z.NEVER;
      }
      return names as T[];
    });
}

/** `?cursor=`: the `nextCursor` of the page before, passed back unchanged (its checks are the store's). */
export const cursorParam = z
  .string()
  .max(400)
  .optional()
  .meta({ description: 'opaque: the `nextCursor` of the previous page; leave out for the first page' });
