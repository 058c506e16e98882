import { describe, expect, it } from 'vitest';
import { composeFollowUp } from '../../src/commitments/follow-up-draft.ts';
import { offlineConfig } from '../harness/config.ts';

/**
 * The follow-up template in every language (docs/tone-rules.md): the person greeted by name, the matter in our own words
 * (never the client's heated subject), the date we asked on in the client's words, firm ("we can't move forward
 * without it") and kind (an offer to talk), signed; a second follow-up says it is the second.
 */

const config = offlineConfig();
const inbox = config.inboxes[0]!;

const thread = (language: string): Parameters<typeof composeFollowUp>[0]['thread'] => ({
  id: 'tabc',
  inbox: 'studio',
  root: '<root@client.test>',
  client: { address: 'hannah@whitcombe.test', name: 'Hannah Whitcombe' },
  subject: 'Re: WEBSITE launch - URGENT!!!',
  language,
  lastClient: { at: '2026-11-20T09:00:00.000Z', recordId: 'r1' },
  lastAgency: {
    at: '2026-11-23T10:00:00.000Z',
    messageId: '<ask@northlight.test>',
    asked: true,
    via: 'sent-folder',
  },
  followUps: [],
  owner: null,
  openCommitment: null,
  updatedAt: '2026-11-23T10:00:00.000Z',
});

const EXPECT: Record<string, { greeting: string; date: string; firm: string; second: string }> = {
  en: {
    greeting: 'Dear Hannah,',
    date: 'Monday 23 November',
    firm: "we can't move forward without it",
    second: 'once more',
  },
  sv: {
    greeting: 'Hej Hannah,',
    date: 'måndag 23 november',
    firm: 'utan det kan vi inte gå vidare',
    second: 'en gång till',
  },
  de: {
    greeting: 'Guten Tag Hannah Whitcombe,',
    date: 'Montag, 23. November',
    firm: 'Ohne sie können wir nicht weitermachen',
    second: 'noch einmal',
  },
  it: {
    greeting: 'Gentile Hannah Whitcombe,',
    date: 'lunedì 23 novembre',
    firm: 'senza di essa non possiamo andare avanti',
    second: 'ancora una volta',
  },
  fr: {
    greeting: 'Bonjour Hannah Whitcombe,',
    date: 'lundi 23 novembre',
    firm: 'sans elle, nous ne pouvons pas avancer',
    second: 'une nouvelle fois',
  },
  es: {
    greeting: 'Hola, Hannah:',
    date: 'lunes, 23 de noviembre',
    firm: 'sin ella no podemos seguir adelante',
    second: 'una vez más',
  },
};

describe('the follow-up in six languages', () => {
  for (const [language, words] of Object.entries(EXPECT)) {
    it(`${language}: greets, names the date and the matter in our words, is firm and kind`, () => {
      const d = composeFollowUp({ config, inbox, thread: thread(language), n: 1 });
      expect(d.language).toBe(language);
      expect(d.subject).toBe('Re: WEBSITE launch - URGENT!!!'); // one Re:, the thread's subject (RFC 5322 §3.6.5)
      expect(d.body.startsWith(`${words.greeting}\n\n`)).toBe(true);
      expect(d.body).toContain(words.date);
      expect(d.body).toContain(words.firm);
      expect(d.body).not.toMatch(/URGENT|WEBSITE|undefined|<%|%>/);
      expect(d.body.trimEnd().endsWith('Anna Berg\nAccount Lead\nNorthlight Studio')).toBe(true);
      expect(d).toMatchObject({
        kind: 'follow-up',
        unattended: false,
        to: 'hannah@whitcombe.test',
        inReplyTo: '<ask@northlight.test>',
      });
      const second = composeFollowUp({ config, inbox, thread: thread(language), n: 2 });
      expect(second.body).toContain(words.second);
      expect(d.body).not.toContain(words.second);
    });
  }

  it('a company is greeted neutrally, and an unknown language falls back to the inbox language', () => {
    const t = { ...thread('nl'), client: { address: 'info@brenner-bau.test', name: 'Brenner Bau GmbH' } };
    const d = composeFollowUp({ config, inbox, thread: t, n: 1 });
    expect(d.language).toBe('en');
    expect(d.body.startsWith('Hello,\n\n')).toBe(true);
  });
});
