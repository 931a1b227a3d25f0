// Definitions are copied on the way in and out, so no caller can mutate the world's state.

import type { ItemDefinition } from './types.ts';

export function copyDefinition(definition: ItemDefinition): ItemDefinition {
  return {
    ...(definition.format ? { format: definition.format } : {}),
    parts: definition.parts.map((p) => ({ path: p.path, payload: p.payload, payloadType: p.payloadType ?? 'InlineBase64' })),
  };
}
