import type { AppContext } from '../context.ts';

/**
 * What the web app is given besides the context. Its own module so that app.ts and the page plugins can both
 * name it without importing each other.
 */

/** Health of every inbox's poller; read from Redis so it works when pollers run on other machines. */
export type Readiness = () => Promise<{ ok: boolean; body: Record<string, unknown> }>;

/** Extra things the app serves that belong to other roles of the process (e.g. poller status for /readyz). */
export interface AppOptions {
  readiness?: Readiness;
}

export interface PagesOptions {
  ctx: AppContext;
  readiness?: Readiness;
}
