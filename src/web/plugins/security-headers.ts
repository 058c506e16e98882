import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Helmet with a strict CSP for the pages: only our own script and stylesheet, no inline code, no remote
 * anything. Client mail is never rendered in the page itself; its HTML lives in a sandboxed iframe whose
 * route sets an even stricter policy of its own (message-frame.ts).
 */
export const PAGE_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

async function securityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  await app.register(helmet, {
    // Our own directive list only: helmet's defaults allow inline styles and https: fonts.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: opts.https ? { ...PAGE_CSP, upgradeInsecureRequests: [] } : PAGE_CSP,
    },
    // HSTS on plain-http deployments (127.0.0.1 behind nothing) would only confuse browsers.
    strictTransportSecurity: opts.https ? { maxAge: 180 * 24 * 3600 } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
}

export default fp(securityHeaders, { name: 'tactful-security-headers' });
