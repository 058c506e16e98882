import { z } from 'zod';
import type { FastifySchema, FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';

/**
 * Route schemas for the OpenAPI description (/docs), derived from the zod schemas the handlers validate with,
 * so the description cannot drift from the validation.
 *
 * The fastify schemas are DESCRIPTIVE ONLY (see `describedBy`): validation stays in the handlers (zod), because
 * fastify validates in preValidation, before the CSRF check (preHandler) and before a route's own 404s, and
 * answers with Ajv's wording. Letting it validate would turn a session request without CSRF token into a 400,
 * a bad body for a missing invoice into a 400 instead of a 404, and change the messages clients see.
 */

type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (OpenAPI 3.0 dialect) of what a client SENDS or RECEIVES. `io: 'input'` describes what the zod
 * schema accepts (the pre-transform side), which is also the stored form for records: objects that are not
 * `.strict()` stay open (extra properties allowed), so a documented record never forbids a field.
 */
export function jsonSchemaOf(schema: z.ZodType, description?: string): JsonSchema {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    // Refinements (dates, currencies) cannot be expressed; they are still enforced by zod.
    unrepresentable: 'any',
  }) as JsonSchema;
  return description ? { ...json, description } : json;
}

/** The body of every API error, from the app's error handler (src/web/app.ts) and the /api 401/404 hooks. */
export const errorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'stable machine-readable code, e.g. bad_request, not_found' },
    message: { type: 'string', description: 'safe human-readable explanation' },
  },
} as const;

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: `message` names the field and the problem (or bad JSON, body too large)',
  401: 'No principal: send `Authorization: Bearer <token>` (answers with `WWW-Authenticate: Bearer`)',
  403: 'Forbidden: a session request that changes something without `x-csrf-token`',
  404: 'Not found, or not visible to this principal (an inbox, draft or invoice; the API does not reveal which)',
  409: 'Conflict with the current state (e.g. already approved, duplicate invoice number)',
};

/** Error responses of a route; 401 is always possible on /api. */
export function errorResponses(...statuses: (400 | 403 | 404 | 409)[]): Record<number, JsonSchema> {
  const out: Record<number, JsonSchema> = {};
  for (const s of [...statuses, 401].sort()) out[s] = { description: ERROR_TEXT[s], ...errorBody };
  return out;
}

/** `:id` path parameter. */
export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'record id' } },
} as const;

/** A successful JSON response. */
export function ok(description: string, schema: JsonSchema): JsonSchema {
  return { ...schema, description };
}

/** Objects in a response: `{ [key]: schema }`, every key present. */
export function envelope(key: string, schema: JsonSchema): JsonSchema {
  return { type: 'object', required: [key], properties: { [key]: schema } };
}

/**
 * One page of a list endpoint: `{ [key]: items, nextCursor }`. The cursor is opaque and stable under inserts
 * (src/store/paging.ts); `null` on the last page.
 */
export function pageEnvelope(key: string, items: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: [key, 'nextCursor'],
    properties: {
      [key]: { type: 'array', items },
      nextCursor: {
        type: 'string',
        nullable: true,
        description: 'pass as `?cursor=` (with the same filters) for the next page; null on the last page',
      },
    },
  };
}

const passThrough: FastifySchemaCompiler<unknown> = () => (data) => ({ value: data });
// Same as fastify's default for routes without a response schema: nothing stripped, nothing coerced.
const plainJson: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data);

/**
 * Route options carrying `schema` for the OpenAPI description while leaving request validation to the
 * handler's zod parse and response serialisation to JSON.stringify (see the module comment for why).
 */
export function describedBy(schema: FastifySchema & { summary: string; tags?: string[] }) {
  return { schema, validatorCompiler: passThrough, serializerCompiler: plainJson };
}
