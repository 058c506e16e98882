import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import { SafeError } from '../errors.ts';
import { frenchSpacing } from './french-spacing.ts';

/**
 * Reply templates, rendered with eta.
 *
 * File format — `config/templates/<language>/<kind>.eta`:
 *
 *     Subject: <%= it.replySubject %>
 *
 *     Body text, with <%= it.clientName %> and friends.
 *
 * The first line is `Subject: …`, then one blank line, then the plain-text body (RFC 3834 §3.2: brief text/plain).
 * Variables are read as `it.<name>`; output is NOT HTML-escaped (the mail is text/plain), and the subject is
 * collapsed to one line so no template or variable can smuggle a header in (CR/LF injection).
 *
 * Lookup order, first file found wins:
 *   1. `<opts.dir>/<language>/<kind>.eta`   (config.templates.dir: the agency's own wording, no code change)
 *   2. `config/templates/<language>/<kind>.eta` (built in)
 *   3. the same two for `opts.fallbackLanguage` (the inbox language), then for `en`.
 * The client's language beats the override folder's English: a client is answered in their own language.
 */

export const BUILTIN_TEMPLATE_DIR = resolve(
  fileURLToPath(new URL('../../config/templates', import.meta.url)),
);

const SAFE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

const eta = new Eta({ autoEscape: false, autoTrim: false, cache: false, useWith: false, varName: 'it' });

export interface RenderOptions {
  /** Override folder laid out like config/templates (config.templates.dir). */
  dir?: string;
  /** Tried when the requested language has no template (the inbox language). */
  fallbackLanguage?: string;
}

export interface RenderedTemplate {
  subject: string;
  body: string;
  /** The language whose template was used (after fallback). */
  language: string;
}

/** Finds the template file for a kind, following the lookup order above; null when there is none. */
export function findTemplate(
  kind: string,
  language: string,
  opts: RenderOptions = {},
): {
  path: string;
  language: string;
} | null {
  if (!SAFE_NAME.test(kind)) throw new SafeError('bad_template', `"${kind}" is not a template name`);
  const languages = [language, opts.fallbackLanguage, 'en'].filter(
    (l, i, all): l is string => typeof l === 'string' && SAFE_NAME.test(l) && all.indexOf(l) === i,
  );
  const dirs = [opts.dir, BUILTIN_TEMPLATE_DIR].filter((d): d is string => Boolean(d));
  for (const lang of languages) {
    for (const dir of dirs) {
      const path = join(dir, lang, `${kind}.eta`);
      if (existsSync(path)) return { path, language: lang };
    }
  }
  return null;
}

/** Splits `Subject: …\n\nbody` into its parts; a file without the header line is a configuration error. */
export function splitTemplateOutput(text: string, source = 'template'): { subject: string; body: string } {
  const normalised = text.replace(/\r\n?/g, '\n');
  const m = /^Subject:[ \t]*(.*)\n\n?([\s\S]*)$/.exec(normalised);
  if (!m) throw new SafeError('bad_template', `${source}: the first line must be "Subject: …"`);
  return {
    subject: oneLine(m[1]!),
    body: m[2]!.replace(/\s+$/, '') + '\n',
  };
}

/** Collapses any whitespace run (CR, LF, tabs, other line separators) to one space: a header stays one header. */
export function oneLine(s: string): string {
  return s.replace(/[\s\u2028\u2029\u0085]+/g, ' ').trim();
}

export function renderTemplate(
  kind: string,
  language: string,
  vars: Record<string, unknown>,
  opts: RenderOptions = {},
): RenderedTemplate {
  const found = findTemplate(kind, language, opts);
  if (!found) throw new SafeError('no_template', `no template "${kind}" for "${language}" or English`);
  // The Subject line and the body are rendered apart: a variable with a line break stays inside the subject
  // (then collapsed to one line) instead of pushing text into the body or a header.
  const source = splitTemplateOutput(readFileSync(found.path, 'utf8'), found.path);
  const render = (text: string) => {
    try {
      return eta.renderString(text, vars);
    } catch (err) {
      throw new SafeError('bad_template', `${found.path}: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  const out = `Subject: ${oneLine(render(source.subject))}\n\n${render(source.body)}`;
  const rendered = splitTemplateOutput(out, found.path);
  if (found.language !== 'fr') return { ...rendered, language: found.language };
  return { subject: frenchSpacing(rendered.subject), body: frenchSpacing(rendered.body), language: 'fr' };
}
