// The leak scan: every secret that existed during a run, searched in everything the run left
// behind that a person or another job can read. A secret is found plain, URL-encoded, base64 and
// base64url — the base64 forms at each of the three alignments it can take inside a longer
// encoded text. Besides the known secrets, anything shaped like one is flagged: a JWT, a
// `postgres://user:password@` URL, or a long base64 run that the caller cannot account for.

export interface Secret {
  /** Where it came from, e.g. `entra access token`, `registry db.bi.password of acme-training`. */
  label: string;
  value: string;
}

/** One text a person or another job can read, and where it is (`stderr of apply`, `registry resources.state`). */
export interface Exposed {
  where: string;
  text: string;
}

export interface LeakHit {
  where: string;
  secret: string;
  encoding: string;
}

export interface ShapeHit {
  where: string;
  shape: 'jwt' | 'postgres-url-with-password' | 'long-base64';
  /** The start of the match only: a finding must not itself print a secret. */
  excerpt: string;
}

/** The forms a secret can take in output, by name; values shorter than 4 characters are skipped (masking skips them too). */
export function encodings(value: string): [string, string][] {
  const forms: [string, string][] = [['plain', value], ['url-encoded', encodeURIComponent(value)]];
  const bytes = Buffer.from(value, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    // The secret after `offset` other bytes: only the characters made of its own bits alone are stable.
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
    const skip = offset === 0 ? 0 : Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    for (const [name, encoding] of [['base64', 'base64'], ['base64url', 'base64url']] as const) {
      const core = shifted.toString(encoding).slice(skip, end);
      if (core.length >= 8) forms.push([`${name}@${offset}`, core]);
    }
  }
  return forms.filter(([, form], i, all) => form !== value || i === 0).filter(([, f]) => f.length >= 4);
}

/** Every occurrence of every secret, in every form, in every exposed text. */
export function findSecrets(secrets: readonly Secret[], exposed: readonly Exposed[]): LeakHit[] {
  const hits: LeakHit[] = [];
  const seen = new Set<string>();
  for (const secret of secrets) {
    if (secret.value.length < 4) continue;
    for (const [encoding, form] of encodings(secret.value)) {
      for (const e of exposed) {
        if (!e.text.includes(form)) continue;
        const key = `${e.where}\0${secret.label}\0${encoding}`;
        if (seen.has(key)) continue;
        seen.add(key);
        hits.push({ where: e.where, secret: secret.label, encoding });
      }
    }
  }
  return hits;
}

const SHAPES: [ShapeHit['shape'], RegExp][] = [
  ['jwt', /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g],
  // A password between `user:` and `@`; `***` (masked) is not one.
  ['postgres-url-with-password', /postgres(?:ql)?:\/\/[^\s:/@'"]+:(?!\*\*\*@)[^\s@'"]+@/g],
  ['long-base64', /[A-Za-z0-9+/_-]{40,}={0,2}/g],
];

/**
 * A run of the base64 alphabet that is likely random bytes: upper case, lower case and digits
 * mixed, not hex (hashes, ids), not a path or a name (40 characters without a `/`, `-` or `_`).
 */
function looksEncoded(run: string): boolean {
  if (/^[0-9a-f]+$/i.test(run) || !/[0-9]/.test(run) || !/[a-z]/.test(run) || !/[A-Z]/.test(run)) return false;
  return run.split('/').some((part) => part.length >= 40) && run.split(/[-_]/).some((part) => part.length >= 20);
}

/**
 * Anything shaped like a secret that `accounted` does not explain. Pure hex runs (hashes, ids)
 * and paths are not base64 runs; `accounted(match, where)` returns why a match is fine, or undefined.
 */
export function findSecretShapes(exposed: readonly Exposed[], accounted: (match: string, where: string) => string | undefined = () => undefined): ShapeHit[] {
  const hits: ShapeHit[] = [];
  for (const e of exposed) {
    for (const [shape, pattern] of SHAPES) {
      for (const m of e.text.matchAll(pattern)) {
        const match = m[0];
        if (shape === 'long-base64' && !looksEncoded(match)) continue;
        if (accounted(match, e.where) !== undefined) continue;
        hits.push({ where: e.where, shape, excerpt: `${match.slice(0, 12)}…` });
      }
    }
  }
  return hits;
}
