import { Eta } from 'eta';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { Config } from '../../config/schema.ts';

/**
 * Server-side rendering with eta. `<%= %>` escapes (& < > " '); `<%~ %>` (raw) is used only for our own
 * rendered partials, never for data from mail or users. Every attribute in the templates is quoted, so
 * escaped data cannot break out of one.
 */
const eta = new Eta({
  views: fileURLToPath(new URL('../views', import.meta.url)),
  autoEscape: true,
  cache: process.env.NODE_ENV !== 'development',
});

/** Formatting helpers the templates use; pure, no I/O. */
export const fmt = {
  /** "Mon 23 Nov, 09:00" in a zone, or an em dash. */
  when(iso: string | null | undefined, zone = 'UTC'): string {
    if (!iso) return '—';
    const dt = DateTime.fromISO(iso).setZone(zone);
    return dt.isValid ? dt.toFormat('ccc d LLL, HH:mm') : '—';
  },
  /** A wall-clock time without zone (`2026-11-23T20:55:00`) as "Mon 23 Nov, 20:55". */
  wall(local: string): string {
    const dt = DateTime.fromISO(local, { zone: 'UTC' });
    return dt.isValid ? dt.toFormat('ccc d LLL, HH:mm') : local;
  },
  /** "3 h", "2 d": how long ago, from the request's clock. */
  age(iso: string, now: Date): string {
    const mins = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 60000));
    if (mins < 60) return `${mins} min`;
    if (mins < 48 * 60) return `${Math.round(mins / 60)} h`;
    return `${Math.round(mins / 1440)} d`;
  },
  preview(text: string, max = 140): string {
    const t = text.replace(/\s+/g, ' ').trim();
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  },
  percent(x: number): string {
    return `${Math.round(x * 100)}%`;
  },
};

/** The time zone a page shows an inbox's times in (its office's). */
export function inboxZone(config: Config, inboxId: string): string {
  return config.inboxes.find((i) => i.id === inboxId)?.timezone ?? 'UTC';
}

export interface PageData {
  title: string;
  /** Which nav entry is current. */
  nav?: string;
  [key: string]: unknown;
}

/** Renders a full page with the layout; adds the user, a CSRF token and the one-shot flash message. */
export function renderPage(req: FastifyRequest, reply: FastifyReply, view: string, data: PageData) {
  const flash = req.session?.get('flash');
  if (flash) req.session.set('flash', undefined);
  const html = eta.render(view, {
    ...data,
    user: req.principal?.kind === 'user' ? req.principal : null,
    // The nav badge: clients waiting past or close to their reply-by time (src/web/pages/badge.ts).
    badge: req.attentionCount ?? null,
    csrf: reply.generateCsrf(),
    flash: flash ?? null,
    fmt,
  });
  return reply.type('text/html; charset=utf-8').send(html);
}

/** A fragment (no layout), e.g. the live-updated queue list. */
export function renderPartial(view: string, data: Record<string, unknown>): string {
  return eta.render(view, { ...data, fmt });
}

/** 403/404/500 pages: a plain explanation, never a stack trace or internal message. */
export function renderErrorPage(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  heading: string,
  message: string,
) {
  reply.status(status);
  return renderPage(req, reply, './error', { title: heading, heading, message, status });
}
