import { z } from 'zod';

/**
 * `oauth:` — the agency's own app registrations, for inboxes that sign in with OAuth2 (added in the web view).
 * A provider is offered only when its client id is known: from here, or from the environment
 * (TACTFUL_GOOGLE_CLIENT_ID / _SECRET, TACTFUL_MICROSOFT_CLIENT_ID / _SECRET; src/oauth/providers.ts).
 */

const httpUrl = z.url({ protocol: /^https?$/ });

/** Endpoint overrides: a sovereign cloud, a proxy, or a local test provider. */
const endpoints = {
  authorizeUrl: httpUrl.optional(),
  tokenUrl: httpUrl.optional(),
  revokeUrl: httpUrl.optional(),
};

const client = {
  clientId: z.string().min(1).optional(),
  /** Optional: a public client (PKCE only) has none. */
  clientSecret: z.string().min(1).optional(),
};

const google = z.object({ ...client, ...endpoints }).strict();

const microsoft = z
  .object({
    ...client,
    ...endpoints,
    /** Directory (tenant) id or domain; `organizations` lets any work account sign in. */
    tenant: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, 'is not a tenant id or domain')
      .default('organizations'),
  })
  .strict();

const generic = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+'),
    /** What the add-inbox form calls it. */
    name: z.string().min(1),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    authorizeUrl: httpUrl,
    tokenUrl: httpUrl,
    revokeUrl: httpUrl.optional(),
    scopes: z.array(z.string().min(1)).min(1),
    /** IMAP/SMTP servers the form suggests. */
    imap: z
      .object({ host: z.string().min(1), port: z.number().int().min(1).max(65535) })
      .strict()
      .optional(),
    smtp: z
      .object({ host: z.string().min(1), port: z.number().int().min(1).max(65535) })
      .strict()
      .optional(),
  })
  .strict();

export const oauthConfig = z
  .object({
    /**
     * The redirect URL registered with each provider: the web view's public address + `/oauth/callback`, e.g.
     * `https://tactful.example.com/oauth/callback`. Default: the address the admin's browser used.
     */
    redirectUrl: httpUrl.optional(),
    google: google.optional(),
    microsoft: microsoft.optional(),
    providers: z.array(generic).default([]),
  })
  .strict()
  .default({ providers: [] });

export type OAuthConfig = z.infer<typeof oauthConfig>;
export type GenericProviderConfig = OAuthConfig['providers'][number];
