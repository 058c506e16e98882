import type { CommitmentRecord } from '../../src/model/commitment-record.ts';

/**
 * A constructed history of commitments of the inbox `studio` (Stockholm), for the response report's proofs: the
 * service's (test/integration/commitments-report.test.ts) and the web page's, CSV and API
 * (test/integration/web-reports.test.ts, test/e2e/web-commitments.test.ts). Stored as the service stores them;
 * "now" is Monday 20 April 2026, 12:00 in Stockholm (`HISTORY_NOW`). The figures are worked out by hand in the tests.
 */
export const HISTORY_NOW = '2026-04-20T10:00:00.000Z';
export const ANNA = 'anna@client.test';
export const JONAS = 'jonas@brenner.test';

type Row = [
  id: string,
  client: string,
  openedAt: string,
  status: CommitmentRecord['status'],
  hours: number | null,
];
/**
 * Week 14 of 2026 (Mon 30 March – Sun 5 April in Stockholm) and week 15. The first one opened at 00:30 on Monday
 * in Stockholm, which is still Sunday (week 13) in UTC: weeks are the inbox's.
 */
export const HISTORY: Row[] = [
  ['c_1', ANNA, '2026-03-29T22:30:00.000Z', 'kept', 1.5],
  ['c_2', ANNA, '2026-03-31T08:00:00.000Z', 'kept', 4],
  ['c_3', JONAS, '2026-03-31T09:00:00.000Z', 'answered-late', 10],
  ['c_4', JONAS, '2026-04-01T09:00:00.000Z', 'breached', null],
  ['c_5', ANNA, '2026-04-02T09:00:00.000Z', 'kept', 2],
  ['c_6', JONAS, '2026-04-02T10:00:00.000Z', 'closed', null], // no answer needed: not counted
  ['c_7', ANNA, '2026-04-02T11:00:00.000Z', 'open', null], // past its reply-by time, unanswered: a breach
  ['c_8', ANNA, '2026-04-07T08:00:00.000Z', 'kept', 0.5],
  ['c_9', ANNA, '2026-04-08T08:00:00.000Z', 'kept', 3],
  ['c_10', ANNA, '2026-04-20T09:00:00.000Z', 'open', null], // not due yet: nothing to judge
];

/** One row of the history as a stored commitment: due 24 hours after opening, answered `hours` after it. */
export function historyCommitment([id, client, openedAt, status, hours]: Row): CommitmentRecord {
  const opened = Date.parse(openedAt);
  const dueAt = new Date(opened + 24 * 3_600_000).toISOString();
  const answered = hours === null ? null : new Date(opened + hours * 3_600_000).toISOString();
  return {
    id,
    inbox: 'studio',
    thread: `t_${id}`,
    client: { address: client, name: '' },
    subject: `Matter ${id}`,
    records: [`r_${id}`],
    openedAt,
    basis: 'reply',
    dueAt,
    promiseDraftId: null,
    status,
    owner: null,
    answeredAt: answered,
    answer: answered ? { via: 'sent-folder', messageId: `<${id}@agency.test>` } : null,
    firstResponseBusinessHours: hours,
    breachedAt: status === 'breached' || status === 'answered-late' ? dueAt : null,
    closedAt: status === 'closed' ? dueAt : null,
    closeReason: status === 'closed' ? 'no answer needed' : null,
    alerts: [],
    createdAt: openedAt,
    updatedAt: openedAt,
    history: [],
  };
}

/** The report's CSV for weeks 14 and 15 per inbox, as worked out by hand (CRLF line ends). */
export const HISTORY_CSV = [
  'inbox,client,week,kept,breached,kept_percent,median_first_response_business_hours,p90_first_response_business_hours,breached_commitments',
  'studio,,2026-W14,3,3,50,3,10,c_3 c_4 c_7',
  'studio,,2026-W15,2,0,100,1.75,3,',
  '',
];
