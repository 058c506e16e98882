import type { OAuthProvider } from './providers.ts';
import { InboxTokens, type TokenDeps } from './token-service.ts';

/** The OAuth side of a process: the providers it offers and one token source per OAuth inbox. */
export interface OAuthRuntime {
  providers: ReadonlyMap<string, OAuthProvider>;
  /** The token source of an inbox (one per inbox and account, so its in-flight refreshes are shared). */
  source(inboxId: string, account: string): InboxTokens;
}

export function createOAuthRuntime(deps: TokenDeps): OAuthRuntime {
  const sources = new Map<string, InboxTokens>();
  return {
    providers: deps.providers,
    source(inboxId, account) {
      const key = `${inboxId}\0${account}`;
      let s = sources.get(key);
      if (!s) {
        s = new InboxTokens(deps, inboxId, account);
        sources.set(key, s);
      }
      return s;
    },
  };
}
