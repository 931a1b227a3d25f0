// The machine-readable part of the PR's plan comment: per changed tenant, the hash each action
// step computes for its own capability (`only: [capability]`). A merge binds each step to the
// hash its reviewer saw with a string compare. Hashes are random hex, so 300 tenants' worth is
// ~58,000 characters on its own: past a budget the JSON is deflated and carried as base64.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { EnvironmentError } from '../errors/index.ts';

export const PLAN_MARKER_VERSION = 1;

export interface PlanMarker {
  version: typeof PLAN_MARKER_VERSION;
  /** The PR head commit the plan was made for. */
  sha: string;
  /** Per tenant code, per capability name, the plan hash. Empty for an offline plan. */
  tenants: Record<string, Record<string, string>>;
  /** Planned without secrets (fork, Dependabot): nothing here may be applied. */
  offline?: boolean;
}

const PREFIX = '<!-- tenantops-plan ';
const SUFFIX = ' -->';
const DEFLATED = 'deflate:';
/** Longest marker kept as readable JSON; default for renderPlanMarker. */
export const PLAN_MARKER_READABLE_LIMIT = 16_000;

/** `<!-- tenantops-plan {json} -->`, or its deflated base64 form when the JSON passes `readableLimit`. */
export function renderPlanMarker(marker: PlanMarker, readableLimit = PLAN_MARKER_READABLE_LIMIT): string {
  // `>` cannot occur in codes or hashes, but an HTML comment must never be closed early whatever they hold.
  const json = JSON.stringify(marker).replaceAll('>', '\\u003e');
  if (json.length <= readableLimit) return PREFIX + json + SUFFIX;
  return PREFIX + DEFLATED + deflateRawSync(json, { level: 9 }).toString('base64') + SUFFIX;
}

/** The marker in a comment body; undefined when there is none; EnvironmentError when it is unreadable. */
export function parsePlanMarker(body: string): PlanMarker | undefined {
  const start = body.indexOf(PREFIX);
  if (start < 0) return undefined;
  const end = body.indexOf(SUFFIX, start + PREFIX.length);
  if (end < 0) throw new EnvironmentError('the plan marker is not closed: the comment was cut or edited');
  let text = body.slice(start + PREFIX.length, end).trim();
  let data: unknown;
  try {
    if (text.startsWith(DEFLATED)) text = inflateRawSync(Buffer.from(text.slice(DEFLATED.length), 'base64')).toString('utf8');
    data = JSON.parse(text);
  } catch (err) {
    throw new EnvironmentError(`the plan marker cannot be read: ${(err as Error).message}`);
  }
  return checkMarker(data);
}

function checkMarker(data: unknown): PlanMarker {
  const m = data as Partial<PlanMarker> | null;
  if (!m || typeof m !== 'object') throw new EnvironmentError('the plan marker is not a JSON object');
  if (m.version !== PLAN_MARKER_VERSION) throw new EnvironmentError(`the plan marker has version ${String(m.version)}; this tenantops reads version ${PLAN_MARKER_VERSION}`);
  if (typeof m.sha !== 'string' || !/^[0-9a-f]{7,64}$/.test(m.sha)) throw new EnvironmentError('the plan marker has no commit sha');
  if (!m.tenants || typeof m.tenants !== 'object') throw new EnvironmentError('the plan marker has no tenants');
  for (const [code, hashes] of Object.entries(m.tenants)) {
    for (const [capability, hash] of Object.entries(hashes ?? {})) {
      if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw new EnvironmentError(`the plan marker's ${code}.${capability} is not a plan hash`);
    }
  }
  return { version: m.version, sha: m.sha, tenants: m.tenants, ...(m.offline ? { offline: true } : {}) };
}
