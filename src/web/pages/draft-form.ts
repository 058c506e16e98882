import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { SafeError } from '../../errors.ts';
import type { ApproveEdits } from '../../drafts/service.ts';
import type { DraftRecord } from '../../model/draft-record.ts';

/** The approve form as posted (also by the preview button and the page's script). */
export interface ApproveForm {
  action?: string;
  subject?: string;
  body?: string;
  /** datetime-local, the inbox's wall clock. */
  sendAt?: string;
  /** datetime-local, the inbox's wall clock; sent always, a change only when it differs from the draft's. */
  promisedBy?: string;
  /** `textHash` of the text the page showed: an untouched text is no edit, so it follows time and promise. */
  shown?: string;
  /** The draft's version the page was opened at: a save or approval on a draft changed since is refused. */
  version?: string;
}

const LOCAL = "yyyy-MM-dd'T'HH:mm";

/** A stored instant as a datetime-local value on the inbox's clock. */
export const localValue = (iso: string | null, zone: string) =>
  iso ? DateTime.fromISO(iso).setZone(zone).toFormat(LOCAL) : '';

/** Same words whatever the line endings (a textarea posts CRLF) and trailing blanks. */
export const textHash = (text: string) =>
  createHash('sha256')
    .update(
      text
        .replace(/\r\n?/g, '\n')
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\s+$/, ''),
    )
    .digest('hex')
    .slice(0, 24);

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The form's version, when it carries a well-formed one. */
export function versionOf(form: ApproveForm): number | undefined {
  const v = str(form.version);
  return v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}

/** Whether the lead changed the text the page showed (CRLF and trailing blanks aside). */
export const textEdited = (form: ApproveForm) => {
  const body = str(form.body);
  return body !== undefined && str(form.shown) !== textHash(body);
};

/**
 * A "Save draft" in the drafts service's terms: what the lead changed, and the version they started from (a form
 * without one is refused: saving blind could overwrite a colleague's change).
 */
export function saveOf(
  form: ApproveForm,
  d: DraftRecord,
): { subject?: string; body?: string; version: number } | null {
  const version = versionOf(form);
  if (version === undefined)
    throw new SafeError('bad_request', 'This form is out of date. Reload the page and edit again.', 400);
  const subject = str(form.subject);
  const changes = {
    ...(subject !== undefined && subject.trim() !== d.subject ? { subject } : {}),
    ...(textEdited(form) ? { body: str(form.body) } : {}),
  };
  return Object.keys(changes).length ? { ...changes, version } : null;
}

/** A datetime-local value on the inbox's clock as an ISO instant; `what` names the field in the error. */
function instant(value: string, zone: string, what: string): string {
  const local = DateTime.fromISO(value, { zone });
  if (!local.isValid) throw new SafeError('bad_request', `Choose a date and time for ${what}.`, 400);
  return local.toISO()!;
}

/**
 * The approval a form asks for, in the drafts service's terms: `now` → sendNow, `schedule` → sendAt (the
 * datetime-local has no zone: it is the inbox's wall clock, as the label says), a promised time only when the
 * lead changed it, and the text only when the lead changed what the page showed (else the service renders it
 * again for the time and the promise).
 */
export function approvalOf(form: ApproveForm, d: DraftRecord, zone: string): ApproveEdits {
  const action = str(form.action) ?? 'approve';
  const sendAt = str(form.sendAt) ?? '';
  const promised = str(form.promisedBy) ?? '';
  const body = str(form.body);
  const untouched = body !== undefined && str(form.shown) === textHash(body);
  return {
    version: versionOf(form),
    subject: str(form.subject),
    body: untouched ? undefined : body,
    sendNow: action === 'now' ? true : undefined,
    sendAt: action === 'schedule' ? instant(sendAt, zone, 'sending') : undefined,
    promisedBy:
      d.promisedBy && promised && promised !== localValue(d.promisedBy, zone)
        ? instant(promised, zone, 'the promised answer')
        : undefined,
  };
}
