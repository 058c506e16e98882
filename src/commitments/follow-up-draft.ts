import type { Config, InboxConfig } from '../config/schema.ts';
import type { ThreadRecord } from '../model/thread-record.ts';
import type { NewDraft } from '../store/drafts.ts';
import { newOutgoingMessageId } from '../model/ids.ts';
import { replySubject } from '../mail/threading.ts';
import { greetedPerson, greetingLine } from '../drafts/greeting.ts';
import { aboutMatter, matterOf } from '../drafts/matter.ts';
import { localeFor } from '../drafts/locale-format.ts';
import { SUPPORTED_LANGUAGES } from '../drafts/reply-text.ts';
import { renderTemplate } from '../drafts/templates.ts';

export interface FollowUpInput {
  config: Config;
  inbox: InboxConfig;
  thread: ThreadRecord & {
    client: NonNullable<ThreadRecord['client']>;
    lastAgency: NonNullable<ThreadRecord['lastAgency']>;
  };
  /** Which follow-up of the thread this is (1 or 2). */
  n: number;
}

/**
 * A follow-up to a client who has not answered what the agency asked (issue 13): in the client's language,
 * firm and kind — "we can't move forward without your answer" — greeting the person, naming the matter in the
 * agency's own words (docs/tone-rules.md), never quoting what was asked. It always waits for a lead, who knows what the
 * answer is needed for and may add it. Threaded under the agency's message it follows up.
 */
export function composeFollowUp({ config, inbox, thread, n }: FollowUpInput): NewDraft {
  const language =
    thread.language && SUPPORTED_LANGUAGES.has(thread.language) ? thread.language : inbox.language;
  const who = greetedPerson(thread.client.name, thread.client.address);
  const signer = inbox.signature?.name ?? config.agency.name;
  const askedOn = new Intl.DateTimeFormat(localeFor(language), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: inbox.timezone,
  }).format(new Date(thread.lastAgency.at));
  const rendered = renderTemplate(
    'follow-up',
    language,
    {
      greeting: greetingLine(language, who),
      clientName: who.kind === 'person' ? who.name : '',
      aboutMatter: aboutMatter(matterOf(thread.subject, ''), language),
      replySubject: replySubject(thread.subject),
      askedOn,
      second: n > 1,
      agencyName: config.agency.name,
      signer,
      signature: [signer, inbox.signature?.title, signer === config.agency.name ? null : config.agency.name]
        .filter(Boolean)
        .join('\n'),
    },
    { dir: config.templates.dir, fallbackLanguage: inbox.language },
  );
  const parent = thread.lastAgency.messageId;
  const references = [thread.root, ...(parent ? [parent] : [])].filter((r, i, all) => all.indexOf(r) === i);
  return {
    inbox: inbox.id,
    // The agency's message it follows up: a person's later answer to that message makes it obsolete (send job).
    messageId: parent,
    recordId: null,
    invoiceId: null,
    step: null,
    followUp: { thread: thread.id, n },
    kind: 'follow-up',
    language: rendered.language,
    to: thread.client.address,
    cc: [],
    subject: rendered.subject,
    body: rendered.body,
    inReplyTo: parent,
    references,
    unattended: false,
    sendAt: null,
    promisedBy: null,
    // After angry replies, before routine notes: a client is holding up the work.
    priority: 0.3,
    render: null,
    outgoingMessageId: newOutgoingMessageId(inbox.address),
  };
}
