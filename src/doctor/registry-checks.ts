import type { AppContext } from '../context.ts';
import { checkCalendar } from './calendar-check.ts';
import { describeError, type CheckResult } from './check.ts';
import { checkImap } from './imap-check.ts';
import { checkOAuth } from './oauth-check.ts';
import { checkSmtp } from './smtp-check.ts';

/**
 * The inboxes added in the web view (Redis), checked like the config file's: IMAP, SMTP, calendar, and for
 * OAuth inboxes the grant (a real token refresh) and its scopes. Needs the stored secrets' key.
 */
export async function runRegistryChecks(ctx: AppContext): Promise<CheckResult[]> {
  try {
    await ctx.registry.load();
  } catch (err) {
    return [
      {
        status: 'fail',
        what: 'inboxes added in the web view',
        detail: describeError(err),
        fix: 'run the doctor with the TACTFUL_SECRET_KEY the service uses',
      },
    ];
  }
  const web = ctx.config.inboxes
    .map((inbox, index) => ({ inbox, index }))
    .filter(({ inbox }) => ctx.registry.isWebManaged(inbox.id));
  const results = await Promise.all(
    web.map(async ({ inbox, index }) => {
      const grant = inbox.imap.oauth ? await ctx.stores.oauthTokens.get(inbox.id) : null;
      const provider = grant ? ctx.oauth.providers.get(grant.provider) : undefined;
      const oauth = await checkOAuth(inbox, grant, provider);
      // A dead grant makes the IMAP and SMTP logins fail the same way: say it once.
      if (oauth.some((r) => r.status === 'fail' && r.detail?.includes('needs sign-in'))) return oauth;
      return [
        ...oauth,
        ...(await checkImap(inbox, index)),
        await checkSmtp(inbox, index),
        ...checkCalendar(inbox, index, ctx.clock),
      ];
    }),
  );
  return results.flat().map((r) => ({ ...r, what: r.what.replace(/^(imap|smtp|calendar) /, '$1 (web) ') }));
}
