// Identifiers and literals as SQL text. Utility statements (CREATE ROLE, GRANT, SET LOCAL ...)
// cannot take bind parameters, so quoting with pg's own escape functions is the only safe way.
import pg from 'pg';
import { InternalError } from '../errors/index.ts';

/** Quotes any identifier; refuses the empty string, NUL and names PostgreSQL would truncate. */
export function ident(name: string): string {
  if (!name || name.includes('\0') || Buffer.byteLength(name) > 63) {
    throw new InternalError(`refusing identifier ${JSON.stringify(name)}: empty, NUL or longer than 63 bytes`);
  }
  return pg.escapeIdentifier(name);
}

/** `schema.name`, both quoted. */
export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

export function literal(value: string): string {
  return pg.escapeLiteral(value);
}

/** A PostgreSQL error's message and SQLSTATE, for messages of ours. */
export function describePgError(err: unknown): string {
  const e = err as { message?: string; code?: string };
  return `${e?.message ?? String(err)}${e?.code ? ` (SQLSTATE ${e.code})` : ''}`;
}
