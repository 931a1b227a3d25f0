// Third-party actions are not downloaded: a small stand-in registered by `owner/name` does what
// the workflow needs of each (any ref or sha runs the same stand-in). Anything else fails its step
// with the list of what is known.
import { downloadArtifactStandIn, uploadArtifactStandIn } from './stand-in-artifacts.ts';
import { checkoutStandIn } from './stand-in-checkout.ts';
import { setupNodeStandIn } from './stand-in-setup-node.ts';
import type { ActionStandIn } from './step-context.ts';

export function defaultStandIns(): Map<string, ActionStandIn> {
  return new Map<string, ActionStandIn>([
    ['actions/checkout', checkoutStandIn],
    ['actions/setup-node', setupNodeStandIn],
    ['actions/upload-artifact', uploadArtifactStandIn],
    ['actions/download-artifact', downloadArtifactStandIn],
  ]);
}

/** `actions/checkout@<sha>` → `actions/checkout`; undefined for local (`./…`) and docker actions. */
export function standInKey(uses: string): string | undefined {
  if (uses.startsWith('./') || uses.startsWith('docker://')) return undefined;
  const [repoPath] = uses.split('@');
  const [owner, name] = repoPath.split('/');
  return owner && name ? `${owner}/${name}`.toLowerCase() : undefined;
}

export function describeUnknownAction(uses: string, known: Iterable<string>): string {
  return `Unable to resolve action '${uses}': this local runner does not download actions and has no stand-in for it (stand-ins: ${[...known].sort().join(', ')})`;
}
