// Generated role passwords and the SCRAM-SHA-256 verifier the server stores for them. The verifier
// is computed here and sent instead of the password (what psql's \password does), so the
// plaintext never reaches the server's statement log or pg_stat_statements.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters of [A-Za-z0-9_-], which SASLprep leaves unchanged. */
export function generatePassword(): string {
  return randomBytes(32).toString('base64url');
}

const ITERATIONS = 4096; // PostgreSQL's default scram_iterations

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (RFC 5802, RFC 7677). */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
