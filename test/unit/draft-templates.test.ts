import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTemplate, splitTemplateOutput } from '../../src/drafts/templates.ts';

const LANGUAGES = ['en', 'sv', 'it', 'de', 'fr', 'es'];
const KINDS = ['after-hours', 'angry', 'angry-after-hours'];
const vars = (over: Record<string, unknown> = {}) => ({
  greeting: 'GREETING-LINE',
  clientName: 'Anna Berg',
  aboutMatter: 'ABOUT-MATTER',
  agencyName: 'Northlight Studio',
  signer: 'Maja Lind',
  signature: 'Maja Lind\nNorthlight Studio',
  officeHours: 'OFFICE-HOURS-TEXT',
  openNow: false,
  backAt: 'BACK-AT-TEXT',
  nextOpening: 'BACK-AT-TEXT',
  promisedBy: 'PROMISED-BY-TEXT',
  urgent: false,
  replySubject: 'Re: Launch banner',
  ...over,
});

const tmp = mkdtempSync(join(tmpdir(), 'tactful-tpl-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('built-in reply templates', () => {
  for (const lang of LANGUAGES) {
    for (const kind of KINDS) {
      it(`${lang}/${kind} renders every variable, no placeholder or "undefined" left`, () => {
        for (const v of [vars(), vars({ aboutMatter: '', openNow: true, urgent: true })]) {
          const r = renderTemplate(kind, lang, v);
          const all = `${r.subject}\n${r.body}`;
          expect(r.language).toBe(lang);
          expect(r.subject).toBe('Re: Launch banner');
          expect(all).not.toMatch(/undefined|null|NaN|<%|%>|\$\{|\bit\.[a-z]/);
          expect(r.body.startsWith('GREETING-LINE\n\n')).toBe(true);
          expect(r.body).toContain('Maja Lind');
          if (kind !== 'angry') expect(r.body).toContain('OFFICE-HOURS-TEXT');
          // The next opening is named only while the office is closed at send time.
          if (kind !== 'angry') expect(r.body.includes('BACK-AT-TEXT')).toBe(!v.openNow);
          if (kind !== 'after-hours') expect(r.body).toContain('PROMISED-BY-TEXT');
          expect(r.body.includes('ABOUT-MATTER')).toBe(Boolean(v.aboutMatter));
        }
      });
    }
  }

  it('uses the formality each language expects (docs/tone-rules.md)', () => {
    expect(renderTemplate('angry', 'de', vars()).body).toMatch(/\bSie\b/);
    expect(renderTemplate('angry', 'de', vars()).body).not.toMatch(/\b(du|dich|dir)\b/);
    expect(renderTemplate('after-hours', 'it', vars()).body).toMatch(/\bSuo\b|\bLe\b/);
    expect(renderTemplate('angry', 'fr', vars()).body).toMatch(/\bvous\b/);
    expect(renderTemplate('angry', 'fr', vars()).body).not.toMatch(/\btu\b|\bton\b/);
    expect(renderTemplate('after-hours', 'es', vars()).body).toMatch(/\bsu\b|\ble\b/);
    expect(renderTemplate('after-hours', 'sv', vars()).body).toMatch(/\bdu\b|\bditt\b/);
  });

  it('falls back to the inbox language, then English, for an unknown language', () => {
    expect(renderTemplate('after-hours', 'pt', vars(), { fallbackLanguage: 'de' }).language).toBe('de');
    expect(renderTemplate('after-hours', 'pt', vars()).language).toBe('en');
  });

  it('an override folder (config.templates.dir) wins without code changes', () => {
    mkdirSync(join(tmp, 'sv'), { recursive: true });
    writeFileSync(join(tmp, 'sv', 'after-hours.eta'), 'Subject: Tack <%= it.clientName %>\n\nEget svar.\n');
    const r = renderTemplate('after-hours', 'sv', vars(), { dir: tmp });
    expect(r).toEqual({ subject: 'Tack Anna Berg', body: 'Eget svar.\n', language: 'sv' });
    // Other languages still come from the built-in set.
    expect(renderTemplate('after-hours', 'de', vars(), { dir: tmp }).body).toContain('Bürozeiten');
  });

  it('French text gets no-break spaces before : ; ! ? so no line starts with a lone mark', () => {
    const french = ['after-hours', 'angry', 'payment-reminder-1', 'payment-reminder-2', 'follow-up'].map(
      (kind) =>
        renderTemplate(kind, 'fr', vars({ number: 'F-12', dueDate: '3 mars', promisedDate: '5 mars' })).body,
    );
    const all = french.join('\n');
    expect(all).toMatch(/\u00a0:/);
    expect(all).toMatch(/\u202f[;?]/);
    for (const body of french) expect(body).not.toMatch(/\S[ \t]+[:;!?](?=\s|$)/);
    // Other languages keep their own rules: no space before the mark at all.
    expect(renderTemplate('after-hours', 'en', vars()).body).not.toMatch(/[\u00a0\u202f]/);
  });

  it('a variable with a line break cannot add a header through the subject', () => {
    const r = renderTemplate('after-hours', 'en', vars({ replySubject: 'Re: x\r\nBcc: victim@evil.test' }));
    expect(r.subject).toBe('Re: x Bcc: victim@evil.test');
  });

  it('refuses a template without the Subject line, and odd names', () => {
    expect(() => splitTemplateOutput('Hello\n\nbody')).toThrow(/Subject/);
    expect(() => renderTemplate('../../etc/passwd', 'en', vars())).toThrow(/template name/);
    expect(() => renderTemplate('no-such-kind', 'en', vars())).toThrow(/no template/);
  });
});
