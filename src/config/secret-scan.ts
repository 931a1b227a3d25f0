// Finds values that look like secrets in tenant and platform files, which must only ever NAME
// secrets. Every scalar (keys included) is checked, and comments too, since they are in git as
// well. Callers get the kind of secret, never the value: no message may repeat it.

import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { Finding } from '../errors/index.ts';
import { formatPath } from '../yaml/index.ts';
import type { PathSegment, YamlSource } from '../yaml/index.ts';
import type { Issue } from './issues.ts';
import * as msg from './messages.ts';

interface Detector {
  kind: string;
  re: RegExp;
  /** Also applied to the raw text, so secrets in comments are found (precise detectors only). */
  inComments: boolean;
}

const TOKEN_CHAR = 'A-Za-z0-9_~.-';

const DETECTORS: Detector[] = [
  { kind: 'a PEM private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/, inComments: true },
  { kind: 'a JSON Web Token', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, inComments: true },
  { kind: 'a connection string with a password', re: /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:[^\s@/]+@/i, inComments: true },
  {
    kind: 'a connection string with a password',
    re: /(?:^|[\s;?&])(?:password|pwd|passwd)\s*=\s*[^\s;&]{3,}/i,
    inComments: true,
  },
  {
    kind: 'an Azure account or access key',
    re: /(?:^|[\s;?&])(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)\s*=\s*[^\s;&]{16,}/i,
    inComments: true,
  },
  { kind: 'an Azure client secret', re: new RegExp(`(?<![${TOKEN_CHAR}])[${TOKEN_CHAR}]{3}\\dQ~[${TOKEN_CHAR}]{31,34}(?![${TOKEN_CHAR}])`), inComments: true },
  { kind: 'a GoDaddy API key', re: /sso-key\s+[A-Za-z0-9_]+:[A-Za-z0-9_]+/i, inComments: true },
  {
    // GoDaddy keys: mixed-case letters and digits around one underscore. Env-var style names (all
    // uppercase) never match, which is what secret NAMES look like.
    kind: 'a GoDaddy API key',
    re: /(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]*[a-z])(?=[A-Za-z0-9_]*[A-Z])(?=[A-Za-z0-9_]*\d)[A-Za-z0-9]{8,}_[A-Za-z0-9]{16,}(?![A-Za-z0-9_])/,
    inComments: false,
  },
  { kind: 'an AWS access key', re: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/, inComments: true },
  { kind: 'a GitHub token', re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/, inComments: true },
];

const MIN_TOKEN = 32;
const MIN_ENTROPY = 4;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A random-looking token: at least 32 characters without spaces, more than 4 bits of entropy per
 * character, and at least two of uppercase, lowercase and digits (so long lowercase names and
 * UPPER_CASE secret names never count). GUIDs are ids, not secrets.
 */
function isHighEntropyToken(token: string): boolean {
  if (token.length < MIN_TOKEN || GUID.test(token)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(token)).length;
  return classes >= 2 && shannonEntropy(token) > MIN_ENTROPY;
}

/** The kind of secret `text` looks like (`a JSON Web Token`, ...), or undefined. */
export function detectSecret(text: string): string | undefined {
  for (const d of DETECTORS) if (d.re.test(text)) return d.kind;
  for (const token of text.match(/[A-Za-z0-9+/=_~.-]{32,}/g) ?? []) {
    if (isHighEntropyToken(token)) return 'a high-entropy token (a key or password)';
  }
  return undefined;
}

export interface SecretScan {
  issues: Issue[];
  /** Findings for secrets outside any scalar (comments), already positioned. */
  commentFindings: Finding[];
  /** The flagged values, so the caller can make sure no other message repeats them. */
  values: string[];
}

/** `what` names the file kind for the message; `example` is a secret NAME to show. */
export function scanForSecrets(source: YamlSource, what: string, example: string): SecretScan {
  const scan: SecretScan = { issues: [], commentFindings: [], values: [] };
  const covered: [number, number][] = [];

  const check = (node: unknown, path: PathSegment[], target: 'key' | 'value') => {
    if (!isScalar(node) || typeof node.value !== 'string') return;
    const kind = detectSecret(node.value);
    if (!kind) return;
    const where = target === 'key' ? `a key in ${formatWhere(path.slice(0, -1))}` : formatWhere(path);
    scan.issues.push({ path, target, message: msg.secretInFile(where, kind, what, example), secret: true });
    scan.values.push(node.value);
    if (node.range) covered.push([node.range[0], node.range[1]]);
  };

  const walk = (node: unknown, path: PathSegment[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        // One path per pair: an issue keeps it, and nothing changes it afterwards.
        const at = [...path, key];
        check(pair.key, at, 'key');
        check(pair.value, at, 'value');
        walk(pair.value, at);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const at = [...path, i];
        check(item, at, 'value');
        walk(item, at);
      });
    }
  };
  walk(source.doc.contents as Node | null, []);

  for (const d of DETECTORS.filter((x) => x.inComments)) {
    for (const m of source.text.matchAll(new RegExp(d.re.source, d.re.flags + 'g'))) {
      const at = m.index + (m[0].length - m[0].trimStart().length);
      if (covered.some(([from, to]) => at >= from && at < to)) continue;
      covered.push([at, at + m[0].length]);
      scan.values.push(m[0].trim());
      scan.commentFindings.push({ file: source.file, ...source.lineCounter.linePos(at), message: msg.secretInFile('a comment', d.kind, what, example) });
    }
  }
  return scan;
}

/** The path without any key that is not a plain name: such a key may be the secret itself. */
function formatWhere(path: PathSegment[]): string {
  return formatPath(path, () => '…') || 'the top level';
}
