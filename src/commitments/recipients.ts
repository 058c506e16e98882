import type { Config, UserConfig } from '../config/schema.ts';

/** The people who answer for an inbox: its leads, and admins (who see every inbox). */
export function leadsOf(config: Config, inboxId: string): UserConfig[] {
  return config.users.filter((u) => u.role === 'admin' || u.inboxes.includes(inboxId));
}

/**
 * Who hears of a commitment's alerts: the lead who took the thread (if they may still see the inbox), else every
 * lead of the inbox. Only configured users: a client's address can never end up here.
 */
export function alertRecipients(config: Config, c: { inbox: string; owner: string | null }): string[] {
  const leads = leadsOf(config, c.inbox);
  const owner = c.owner && leads.find((u) => u.email.toLowerCase() === c.owner!.toLowerCase());
  return (owner ? [owner] : leads).map((u) => u.email.toLowerCase());
}
