// Item definitions as the service checks them on the way in (parts, base64 payloads, the parts
// a semantic model or report cannot do without) and completes them on the way out (a `.platform`
// part when the uploader sent none). Content is otherwise taken as is: every definition in the
// trace (TMDL models, PBIR reports, notebooks, lakehouses, eventhouses, ...) is accepted.

import type { Item, ItemDefinition } from '../world/index.ts';
import { FabricError } from './errors.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Validates a definition from a request body and returns it in the world's shape. */
export function checkDefinition(type: string, raw: unknown): ItemDefinition {
  if (raw === null || typeof raw !== 'object' || !Array.isArray((raw as { parts?: unknown }).parts)) {
    throw new FabricError(400, 'InvalidRequest', 'The definition must be an object with a parts array.');
  }
  const def = raw as { format?: unknown; parts: unknown[] };
  if (def.parts.length === 0) throw new FabricError(400, 'InvalidRequest', 'The definition has no parts.');
  const seen = new Set<string>();
  const parts = def.parts.map((p, i) => {
    const part = p as { path?: unknown; payload?: unknown; payloadType?: unknown };
    if (typeof part?.path !== 'string' || part.path.trim() === '') throw new FabricError(400, 'InvalidRequest', `Definition part ${i} has no path.`);
    if (typeof part.payload !== 'string') throw new FabricError(400, 'InvalidRequest', `Definition part ${part.path} has no payload.`);
    if (String(part.payloadType).toLowerCase() !== 'inlinebase64') {
      throw new FabricError(400, 'InvalidRequest', `Definition part ${part.path}: payloadType must be InlineBase64.`);
    }
    const compact = part.payload.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
      throw new FabricError(400, 'CorruptedPayload', `The provided payload is corrupted: part ${part.path} is not base64.`, {
        moreDetails: [{ errorCode: 'CorruptedPayload', message: `Part ${part.path} is not valid base64.` }],
      });
    }
    const key = part.path.toLowerCase();
    if (seen.has(key)) throw new FabricError(400, 'InvalidRequest', `Definition part ${part.path} appears twice.`);
    seen.add(key);
    return { path: part.path, payload: compact, payloadType: 'InlineBase64' };
  });
  checkRequiredParts(type, parts.map((p) => p.path));
  return { ...(typeof def.format === 'string' ? { format: def.format } : {}), parts };
}

/** The parts without which the service cannot load a semantic model or a report. */
function checkRequiredParts(type: string, paths: string[]): void {
  const has = (re: RegExp) => paths.some((p) => re.test(p));
  const missing = (what: string) => new FabricError(400, 'InvalidRequest', `A ${type} definition needs ${what}.`);
  if (type === 'SemanticModel') {
    if (!has(/^definition\.pbism$/i)) throw missing('definition.pbism');
    if (!has(/^model\.bim$/i) && !has(/^definition\/.+\.tmdl$/i)) throw missing('model.bim (TMSL) or definition/*.tmdl (TMDL)');
  }
  if (type === 'Report') {
    if (!has(/^definition\.pbir$/i)) throw missing('definition.pbir');
    if (!has(/^report\.json$/i) && !has(/^definition\/report\.json$/i)) throw missing('report.json (PBIR-Legacy) or definition/report.json (PBIR)');
  }
}

/** `TMDL` or `TMSL` for a semantic model's stored parts; the stored `format` otherwise. */
export function definitionFormat(def: ItemDefinition): string | undefined {
  if (def.parts.some((p) => /^model\.bim$/i.test(p.path))) return 'TMSL';
  if (def.parts.some((p) => /\.tmdl$/i.test(p.path))) return 'TMDL';
  return def.format;
}

/** The stored definition, with a generated `.platform` part when the uploader sent none. */
export function withPlatformPart(item: Item): ItemDefinition {
  const def = item.definition as ItemDefinition;
  const parts = def.parts.map((p) => ({ ...p }));
  if (!parts.some((p) => p.path === '.platform')) {
    const platform = {
      $schema: 'https://developer.microsoft.com/json-schemas/fabric/gitIntegration/platformProperties/2.0.0/schema.json',
      metadata: { type: item.type, displayName: item.displayName, ...(item.description ? { description: item.description } : {}) },
      config: { version: '2.0', logicalId: '00000000-0000-0000-0000-000000000000' },
    };
    parts.push({ path: '.platform', payload: Buffer.from(JSON.stringify(platform, null, 2), 'utf8').toString('base64'), payloadType: 'InlineBase64' });
  }
  return { ...(def.format ? { format: def.format } : {}), parts };
}

/** `updateMetadata=true`: the display name and description in the definition's `.platform`. */
export function platformMetadata(def: ItemDefinition): { displayName?: string; description?: string } | undefined {
  const part = def.parts.find((p) => p.path === '.platform');
  if (!part) return undefined;
  try {
    const meta = (JSON.parse(Buffer.from(part.payload, 'base64').toString('utf8')) as { metadata?: { displayName?: unknown; description?: unknown } }).metadata;
    if (!meta) return undefined;
    return {
      ...(typeof meta.displayName === 'string' ? { displayName: meta.displayName } : {}),
      ...(typeof meta.description === 'string' ? { description: meta.description } : {}),
    };
  } catch {
    return undefined;
  }
}
