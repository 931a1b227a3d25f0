// The CLI loads only the command it runs (src/cli/command-list.ts): the list's name of each entry
// must be the name of the command it loads, or `tenantops <name>` would run another command.
import { describe, expect, it } from 'vitest';
import { COMMAND_LIST } from '../../src/cli/command-list.ts';

describe('the CLI\'s command list', () => {
  it('names each command as the command it loads, once', async () => {
    const loaded = await Promise.all(COMMAND_LIST.map(async (c) => [c.name, (await c.load()).name]));
    for (const [listed, name] of loaded) expect(name, `listed as ${listed}`).toBe(listed);
    expect(new Set(COMMAND_LIST.map((c) => c.name)).size).toBe(COMMAND_LIST.length);
  });
});
