import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { settingsFor, triage, type TriageInput } from '../../src/triage/triage.ts';
import type { ToneClassifier } from '../../src/triage/tone/classifier.ts';
import { composeReplyDraft } from '../../src/drafts/compose.ts';
import { inboxCalendar, scheduleSendAt } from '../../src/drafts/send-at.ts';
import { clientCalendar } from '../../src/reminders/calendar.ts';
import { planLadder } from '../../src/reminders/ladder.ts';
import type { InvoiceClient } from '../../src/model/invoice-record.ts';
import { offlineConfig } from '../harness/config.ts';
import { messageRecord, triageResult } from '../harness/records.ts';

/**
 * Bank holidays (julafton, nyårsafton, Heiliger Abend, Silvester) close the office by default; every "next office
 * time" (the acknowledgement's opening, the promised answer, a reminder's send day) follows without its own code.
 * Dates checked against date-holidays 2026/27: SE 24 Dec bank, 25–26 Dec public, 31 Dec bank, 1 Jan public;
 * DE the same days, 24 and 31 Dec as bank. 26 Dec 2026 is a Saturday, 2 Jan 2027 a Saturday.
 */

const calm: ToneClassifier = { name: 'calm', score: () => ({ score: 0, cues: [] }) };
const facts = { recentlyAcknowledged: false, isKnownSender: true };
const swedish = (holidays: object = {}) => offlineConfig({ holidays: { country: 'SE', ...holidays } });
const german = (holidays: object = {}) =>
  offlineConfig({ timezone: 'Europe/Berlin', holidays: { country: 'DE', ...holidays } });

const mail = (arrivedAt: string): TriageInput => ({
  messageId: '<m1@client.example>',
  from: { address: 'anna@client.example', name: 'Anna' },
  to: [{ address: 'hello@northlight.test', name: '' }],
  cc: [],
  returnPath: 'anna@client.example',
  subject: 'Lanseringen',
  references: [],
  autoHeaders: {},
  text: 'Hej, kan vi ses om lanseringen?',
  html: null,
  arrivedAt: new Date(arrivedAt),
});

const WED_23_DEC_22H_STOCKHOLM = '2026-12-23T21:00:00Z';
const WED_30_DEC_23H_BERLIN = '2026-12-30T22:00:00Z';

describe('bank holidays close the office for every next-office-time', () => {
  it('a Swedish inbox answers mail of 23 Dec, 22:00 on Mon 28 Dec, not on julafton', () => {
    const config = swedish();
    const r = triage(mail(WED_23_DEC_22H_STOCKHOLM), settingsFor(config, config.inboxes[0]!), calm, facts);
    expect(r).toMatchObject({ afterHours: true, nextOpening: '2026-12-28T09:00:00+01:00' });
  });

  it('the acknowledgement is sent, and the angry client promised an answer, in open hours after the holidays', () => {
    const config = swedish();
    const inbox = { ...config.inboxes[0]!, promiseBusinessHours: 32 };
    const now = new Date(WED_23_DEC_22H_STOCKHOLM);
    expect(scheduleSendAt(inboxCalendar(inbox), now).toISOString()).toBe('2026-12-28T08:00:00.000Z');
    const record = {
      ...messageRecord({ internalDate: now.toISOString() }),
      triage: triageResult({ language: 'sv', angry: true, afterHours: true, receivedAt: now.toISOString() }),
    };
    const d = composeReplyDraft({ config, inbox, record, kind: 'angry-after-hours', now })!;
    // 28, 29, 30 Dec: 24 open hours; 31 Dec nyårsafton (bank), 1 Jan, weekend; the last 8 hours on Mon 4 Jan.
    expect(d.promisedBy).toBe('2027-01-04T16:00:00.000Z'); // 17:00 in Stockholm
    const old = { ...inbox, holidays: { ...inbox.holidays, types: ['public' as const] } };
    expect(
      composeReplyDraft({ config, inbox: old, record, kind: 'angry-after-hours', now })!.promisedBy,
    ).toBe(
      '2026-12-30T16:00:00.000Z', // public holidays only: from julafton, 24 + 28–30 Dec make the 32 hours
    );
  });

  it('a German inbox schedules mail of 30 Dec, 23:00 for Mon 4 Jan; open: [31 Dec] or types: [public] give 31 Dec', () => {
    const now = new Date(WED_30_DEC_23H_BERLIN);
    const sendAt = (config: ReturnType<typeof german>) =>
      scheduleSendAt(inboxCalendar(config.inboxes[0]!), now).toISOString();
    expect(sendAt(german())).toBe('2027-01-04T08:00:00.000Z');
    expect(sendAt(german({ open: ['2026-12-31'] }))).toBe('2026-12-31T08:00:00.000Z');
    expect(sendAt(german({ types: ['public'] }))).toBe('2026-12-31T08:00:00.000Z');
  });
});

describe("payment reminders in the client's calendar", () => {
  const client = (over: Partial<InvoiceClient> = {}): InvoiceClient => ({
    email: 'ap@kunde.example',
    name: 'Kunde GmbH',
    ...over,
  });
  /** The first step (due + 3 days) of an invoice due Mon 21 Dec 2026: the nominal day is Thu 24 Dec. */
  const firstStep = (cal: ReturnType<typeof clientCalendar>) =>
    planLadder('2026-12-21', [3], cal)[0]!.sendAt.setZone(cal.timezone).toFormat("ccc yyyy-MM-dd'T'HH:mm");

  it("skips a German client's Heiliger Abend: 24 Dec bank, 25–26 public, 27 Sunday → Mon 28 Dec", () => {
    const inbox = swedish().inboxes[0]!;
    expect(firstStep(clientCalendar(inbox, client({ country: 'DE', timezone: 'Europe/Berlin' })))).toBe(
      'Mon 2026-12-28T09:00',
    );
  });

  it("counts the inbox's holiday types for the client's country, but not the inbox's own open days", () => {
    const de = client({ country: 'DE', timezone: 'Europe/Berlin' });
    const publicOnly = swedish({ types: ['public'] }).inboxes[0]!;
    expect(firstStep(clientCalendar(publicOnly, de))).toBe('Thu 2026-12-24T09:00');
    const openOnJulafton = swedish({ open: ['2026-12-24'] }).inboxes[0]!;
    expect(firstStep(clientCalendar(openOnJulafton, de))).toBe('Mon 2026-12-28T09:00');
    // A client without a country is timed in the inbox's own calendar, open days included.
    expect(firstStep(clientCalendar(openOnJulafton, client()))).toBe('Thu 2026-12-24T09:00');
  });

  it('every step of a whole year lands on a day no public or bank holiday closes', () => {
    const cal = clientCalendar(swedish().inboxes[0]!, client({ country: 'SE' }));
    const bankDays = ['2026-06-19', '2026-12-24', '2026-12-31', '2027-06-25'];
    for (let day = DateTime.fromISO('2026-01-01'); day.year === 2026; day = day.plus({ days: 1 })) {
      for (const p of planLadder(day.toISODate()!, [3, 10, 21, 28], cal)) {
        expect(bankDays).not.toContain(p.sendAt.setZone(cal.timezone).toISODate());
      }
    }
  });
});
