// Password hashing moved to src/users/passwords.ts (the user service hashes too, and the domain cannot import
// the web layer); kept here for the importers that predate the move.
export { hashPassword, verifyPassword, decoyHash, parseHash, SCRYPT_DEFAULTS } from '../users/passwords.ts';
