import { describe, expect, it } from 'vitest';
import { chunks, planSync, uidSet } from '../../src/ingest/sync-plan.ts';
import { backoffMs } from '../../src/mail/imap-client.ts';
import { parseRoles } from '../../src/workers/run.ts';

const box = { uidValidity: '100', uidNext: 51 };

describe('planSync', () => {
  it('continues after the cursor while UIDVALIDITY is unchanged', () => {
    expect(
      planSync({ uidValidity: '100', lastUid: 40, updatedAt: '2026-11-20T10:00:00Z' }, box, 'now'),
    ).toEqual({
      kind: 'after-uid',
      uid: 40,
      reason: 'cursor',
    });
  });

  it('starts a new cursor at the next UID, at the start, or at a date (imap.startFrom)', () => {
    expect(planSync(null, box, 'now')).toMatchObject({ kind: 'after-uid', uid: 50 });
    expect(planSync(null, box, 'all')).toMatchObject({ kind: 'after-uid', uid: 0 });
    expect(planSync(null, box, '2026-01-31')).toEqual({
      kind: 'since',
      date: '2026-01-31',
      reason: 'start-date',
    });
  });

  it('after a UIDVALIDITY change re-reads from two days before the cursor last moved, never earlier than startFrom', () => {
    const old = { uidValidity: '99', lastUid: 400, updatedAt: '2026-11-20T10:00:00Z' };
    expect(planSync(old, box, 'all')).toEqual({
      kind: 'since',
      date: '2026-11-18',
      reason: 'uidvalidity-changed',
    });
    expect(planSync(old, box, '2026-11-19')).toMatchObject({ kind: 'since', date: '2026-11-19' });
  });
});

describe('uidSet and chunks', () => {
  it('writes compact IMAP sequence sets', () => {
    expect(uidSet([1, 2, 3, 5, 7, 8])).toBe('1:3,5,7:8');
    expect(uidSet([9])).toBe('9');
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('backoffMs', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    expect(backoffMs(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffMs(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffMs(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffMs(50, 500, 30_000, () => 1)).toBe(30_000);
  });
});

describe('roles', () => {
  it('parses TACTFUL_ROLES, defaulting to every role, and refuses unknown ones', () => {
    expect(parseRoles(undefined)).toEqual(['web', 'poller', 'worker']);
    expect(parseRoles(' worker , poller')).toEqual(['worker', 'poller']);
    expect(() => parseRoles('web,mailer')).toThrow(/unknown role "mailer"/);
  });
});
