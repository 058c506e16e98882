import type { AppContext } from '../context.ts';
import { tokenPurpose } from '../oauth/token-seal.ts';
import { passwordPurpose } from './materialize.ts';

/**
 * Key rotation, second half: every stored secret sealed with an older key of TACTFUL_SECRET_KEY is opened and
 * sealed again with the current (first) key. Runs at start-up; afterwards the old key can be dropped. Returns
 * how many values were re-encrypted.
 */
export async function reencryptSecrets(ctx: AppContext): Promise<number> {
  const { secrets, stores } = ctx;
  let n = 0;
  for (const inbox of await stores.inboxRegistry.list()) {
    const stale = Object.entries(inbox.secrets).filter(([, v]) => secrets.isStale(v));
    if (stale.length > 0) {
      const next = { ...inbox.secrets };
      for (const [server, sealed] of stale) {
        const purpose = passwordPurpose(inbox.id, server as 'imap' | 'smtp');
        next[server] = secrets.seal(secrets.open(sealed, purpose), purpose);
        n++;
      }
      await stores.inboxRegistry.put({ ...inbox, secrets: next });
    }
    const grant = await stores.oauthTokens.get(inbox.id);
    if (!grant) continue;
    const refreshStale = secrets.isStale(grant.refreshToken);
    const accessStale = grant.accessToken !== null && secrets.isStale(grant.accessToken);
    if (!refreshStale && !accessStale) continue;
    const reseal = (v: string, kind: 'access' | 'refresh') =>
      secrets.seal(secrets.open(v, tokenPurpose(inbox.id, kind)), tokenPurpose(inbox.id, kind));
    await stores.oauthTokens.update(inbox.id, {
      ...grant,
      refreshToken: refreshStale ? reseal(grant.refreshToken, 'refresh') : grant.refreshToken,
      accessToken: accessStale ? reseal(grant.accessToken!, 'access') : grant.accessToken,
    });
    n += Number(refreshStale) + Number(accessStale);
  }
  return n;
}
