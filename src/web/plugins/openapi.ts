import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

type RequestBody = { required?: boolean; content?: Record<string, { schema?: { required?: string[] } }> };

const bodyNeedsFields = (b: RequestBody) =>
  Object.values(b.content ?? {}).some((m) => (m.schema?.required?.length ?? 0) > 0);

/**
 * OpenAPI description of the JSON API at /docs (UI) and /docs/json. Registered before the API routes so
 * swagger's onRoute hook sees their schemas; pages and health endpoints are hidden from it.
 */
async function openapi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tactful API',
        version: '1',
        description:
          'Drafted replies and triaged messages. Authenticate with `Authorization: Bearer <token>` ' +
          '(config api.tokens), or with the web session cookie plus an `x-csrf-token` header for changes.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'an api.tokens entry of the config' },
        },
      },
    },
    // API routes are grouped by resource (`/api/drafts/...` → "drafts") unless they name their own tags, and
    // all of them need the Bearer token (the /api onRequest hook in app.ts answers 401 without it).
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/api/')
        ? {
            ...(schema ?? {}),
            tags: schema?.tags ?? [url.split('/')[2] ?? 'api'],
            security: [{ bearerAuth: [] }],
          }
        : { ...(schema ?? {}), hide: true },
      url,
    }),
    // @fastify/swagger marks every body required (fastify's own validation would demand one), but these
    // handlers read a missing body as `{}`: a body is required exactly when its schema requires a field.
    transformObject: (doc) => {
      if (!('openapiObject' in doc)) return doc.swaggerObject;
      const paths = (doc.openapiObject.paths ?? {}) as Record<
        string,
        Record<string, { requestBody?: RequestBody }>
      >;
      for (const op of Object.values(paths).flatMap((ops) => Object.values(ops)))
        if (op.requestBody) op.requestBody.required = bodyNeedsFields(op.requestBody);
      return doc.openapiObject;
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // swagger-ui's page needs its own (hash-based) CSP instead of the strict page policy.
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });
}

export default fp(openapi, { name: 'tactful-openapi' });
