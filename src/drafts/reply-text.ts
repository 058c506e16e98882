import type { Config, InboxConfig } from '../config/schema.ts';
import type { MessageRecord } from '../model/message-record.ts';
import type { ReplyRender } from '../model/draft-record.ts';
import { isOpen, nextOpening } from '../triage/office-hours.ts';
import { autoReplySubject, replySubject } from '../mail/threading.ts';
import { greetedPerson, greetingLine } from './greeting.ts';
import { aboutMatter, matterOf, matterSubject } from './matter.ts';
import { formatOfficeHours, formatWhen } from './locale-format.ts';
import { inboxCalendar } from './send-at.ts';
import { renderTemplate, type RenderedTemplate } from './templates.ts';

/** The reply kinds drafted for a client's message (payment reminders are drafted by src/reminders). */
export type ReplyKind = 'after-hours' | 'angry' | 'angry-after-hours';

export const SUPPORTED_LANGUAGES = new Set(['en', 'sv', 'it', 'de', 'fr', 'es']);

/**
 * The fixed part of a reply (chosen once, when the draft is made): template, language, greeting, the matter in
 * our own words, subject and signature. Never the client's subject or words (docs/tone-rules.md).
 */
export function replyRenderFor(input: {
  config: Config;
  inbox: InboxConfig;
  record: MessageRecord;
  kind: ReplyKind;
  language: string;
  newText: string;
  unattended: boolean;
  urgent: boolean;
}): ReplyRender {
  const { config, inbox, record, kind, language } = input;
  const signer = inbox.signature?.name ?? config.agency.name;
  const who = greetedPerson(record.from?.name, record.from?.address ?? '');
  const matter = matterOf(record.subject, input.newText);
  // Angry mail is answered under a subject of our own; calm mail keeps the client's, as any reply would.
  const subject = kind === 'after-hours' ? record.subject : matterSubject(matter, language);
  return {
    template: kind,
    language,
    words: {
      greeting: greetingLine(language, who),
      clientName: who.kind === 'person' ? who.name : '',
      aboutMatter: aboutMatter(matter, language),
      replySubject: input.unattended ? autoReplySubject(subject) : replySubject(subject),
      agencyName: config.agency.name,
      signer,
      signature: [signer, inbox.signature?.title, signer === config.agency.name ? null : config.agency.name]
        .filter(Boolean)
        .join('\n'),
    },
    clientOffset: record.dateOffset ?? null,
    urgent: input.urgent,
  };
}

/**
 * The reply text as it reads when it goes out at `at`: office hours, whether the office is open then, when
 * it opens next and the promised time — all computed now, in the client's language, "09:00 (Stockholm time)"
 * style, with the client's own clock added when it differs.
 */
export function renderReply(
  config: Config,
  inbox: InboxConfig,
  render: ReplyRender,
  promisedBy: string | null,
  at: Date,
): RenderedTemplate {
  const cal = inboxCalendar(inbox);
  const when = (d: Date) => formatWhen(d, render.language, inbox.timezone, render.clientOffset);
  const backAt = when(nextOpening(cal, at).toJSDate());
  const vars = {
    ...render.words,
    officeHours: formatOfficeHours(inbox.officeHours, render.language),
    openNow: isOpen(cal, at),
    backAt,
    // The name earlier templates used for `backAt`; agencies' own templates may still say it.
    nextOpening: backAt,
    promisedBy: promisedBy ? when(new Date(promisedBy)) : '',
    urgent: render.urgent,
  };
  return renderTemplate(render.template, render.language, vars, {
    dir: config.templates.dir,
    fallbackLanguage: inbox.language,
  });
}
