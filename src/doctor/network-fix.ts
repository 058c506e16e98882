/**
 * The fix line for a failed connection, from the error code Node or the client library gives.
 * Pure: the same codes come from imapflow, nodemailer and ioredis.
 */
export function networkFix(
  code: string | undefined,
  host: string,
  port: number,
  keyPath: string,
): string | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return `nothing listens on ${host}:${port}: check ${keyPath}.host and ${keyPath}.port, and that the server runs`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name ${host} does not resolve: check ${keyPath}.host`;
    case 'ETIMEDOUT':
    case 'ETIMEOUT':
    case 'CONNECT_TIMEOUT':
    case 'GREETING_TIMEOUT':
      return `no answer from ${host}:${port} in time: check ${keyPath}.port and any firewall between`;
    case 'ECONNRESET':
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `the TLS handshake failed: port 993/465 want ${keyPath}.secure: true, 143/587 want secure: false`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the server's certificate is not trusted: fix the certificate, or set ${keyPath}.allowInsecureTls: true for a test server`;
    default:
      return undefined;
  }
}
