/**
 * The layer rules of src/ (README "Architecture"), checked by `npm run lint` (`npm run lint:deps`).
 * Arrows point one way:
 *
 *   entry (cli, demo) → runtime (workers, server.ts, create-context.ts) → web → domain → store/queue/mail/model
 *                                                                                  ↘ triage (pure) → model
 *
 * Each rule says what may NOT happen, with the reason a reader needs when it fires.
 */
const DOMAIN =
  '^src/(drafts|reminders|commitments|ingest|messages|access|doctor|tone-model|oauth|inboxes|users|secrets)/';
const ENTRY = '^src/(cli|demo)/';
const RUNTIME = '^src/(workers/|server\\.ts$|create-context\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules cannot be understood (or tested) apart: move the shared part down.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      comment:
        'The product never depends on tests, benchmarks or scripts (a user install has them, but they are not the product).',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'runtime-only-from-entry',
      severity: 'error',
      comment:
        'Workers, the role runner, server.ts and the composition root are the process layer: only the entry points (cli, demo) start them; the rest of src never imports them.',
      from: { path: '^src/', pathNot: [ENTRY, RUNTIME] },
      to: { path: RUNTIME },
    },
    {
      name: 'entry-is-top',
      severity: 'error',
      comment: 'Nothing imports an entry point (cli, demo) except another entry point.',
      from: { path: '^src/', pathNot: ENTRY },
      to: { path: ENTRY },
    },
    {
      name: 'web-only-from-runtime',
      severity: 'error',
      comment: 'Only the web process layer (server.ts) builds the fastify app; the domain knows no HTTP.',
      from: { path: '^src/', pathNot: ['^src/web/', '^src/server\\.ts$', ENTRY] },
      to: { path: '^src/web/' },
    },
    {
      name: 'domain-knows-no-http',
      severity: 'error',
      comment: 'HTTP (fastify and its plugins) lives in src/web and src/server.ts only.',
      from: { path: '^src/', pathNot: ['^src/web/', '^src/server\\.ts$', '^src/workers/run\\.ts$'] },
      to: { path: '^node_modules/(fastify|@fastify|fastify-plugin|@bull-board)/' },
    },
    {
      name: 'web-not-to-store',
      severity: 'error',
      comment:
        'Pages and API routes go through the services, which apply the access rules; they never read records themselves.',
      from: { path: '^src/web/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'drafts-not-to-reminders',
      severity: 'error',
      comment:
        'Reminders plug into drafts through a DraftPolicy (src/drafts/policy.ts, wired in src/create-context.ts): only reminders → drafts.',
      from: { path: '^src/drafts/' },
      to: { path: '^src/reminders/' },
    },
    {
      name: 'only-events-into-commitments',
      severity: 'error',
      comment:
        'Drafts, messages and ingest tell the commitments what happened through ctx.conversation (src/model/conversation-events.ts, wired in src/create-context.ts): only commitments → drafts.',
      from: { path: '^src/(drafts|messages|ingest|reminders)/' },
      to: { path: '^src/commitments/' },
    },
    {
      name: 'domain-not-up',
      severity: 'error',
      comment: 'The domain never reaches up into the web, the process layer or the entry points.',
      from: { path: DOMAIN },
      to: { path: ['^src/web/', RUNTIME, ENTRY] },
    },
    {
      name: 'store-is-low',
      severity: 'error',
      comment:
        'src/store is the only code that knows Redis keys; it depends on records (model) and nothing above them.',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: ['^src/store/', '^src/model/', '^src/clock\\.ts$', '^src/errors\\.ts$'] },
    },
    {
      name: 'model-is-a-leaf',
      severity: 'error',
      comment:
        'Record schemas and ids are shared by mail, triage, store and the domain: they import no other part of src.',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/model/' },
    },
    {
      name: 'triage-is-pure',
      severity: 'error',
      comment:
        'Triage is pure decisions: no store, queue, mail, domain or I/O. It may read the config types (schema.ts and the holidays part split out of it), the records and SafeError.',
      from: { path: '^src/triage/' },
      to: {
        path: '^src/',
        pathNot: ['^src/triage/', '^src/model/', '^src/config/(holidays-)?schema\\.ts$', '^src/errors\\.ts$'],
      },
    },
    {
      name: 'triage-does-no-io',
      severity: 'error',
      comment: 'Triage reads no file, socket or process (the tone model file is loaded by src/tone-model).',
      from: { path: '^src/triage/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|net|tls|http|https|child_process|dgram|dns|worker_threads|cluster)$',
      },
    },
    {
      name: 'mail-is-low',
      severity: 'error',
      comment: 'IMAP/SMTP/MIME code knows messages and config, not stores, queues or the domain.',
      from: { path: '^src/mail/' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/mail/',
          '^src/model/',
          '^src/config/',
          '^src/triage/',
          '^src/errors\\.ts$',
          '^src/log\\.ts$',
        ],
      },
    },
    {
      name: 'redis-client-in-infrastructure-only',
      severity: 'error',
      comment:
        'Redis is reached through the stores and queues; raw clients are made in the composition root, the queue factory, the sandbox and the doctor.',
      from: {
        path: '^src/',
        pathNot: [
          '^src/store/',
          '^src/queue/',
          '^src/context\\.ts$',
          '^src/create-context\\.ts$',
          '^src/doctor/',
          '^src/demo/',
          '^src/sandbox/',
        ],
      },
      to: { path: '^node_modules/ioredis/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
