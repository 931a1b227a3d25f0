// A command loads what it uses (src/cli/command-list.ts, and imports at the point of use for the
// rest): a module loaded is start-up time for every run and, measured, peak memory — with the
// Azure Blob SDK and the GitHub toolkit loaded, `plan --offline` of 10,000 tenant files peaked at
// 423–468 MB instead of 283–341 MB (README, validate-plan-10000).
import { describe, expect, it } from 'vitest';
import { loadedModules } from '../support/loaded-modules.ts';

/** What only offboarding, mail, the PR comment and `--sandbox` use. */
const NOT_ON_PLAN_PATH = [
  'node_modules/@azure/storage-blob/',
  'node_modules/nodemailer/',
  'node_modules/@actions/',
  'node_modules/@octokit/',
  'src/blob/',
  'src/github/',
  'src/run/lifecycle/export.ts',
  'src/cli/sandbox.ts',
];

describe('a fresh tenantops process', () => {
  it.each([
    ['plan --offline --markdown', ['plan', '--offline', '--markdown']],
    ['validate', ['validate']],
  ])('%s loads no blob, mail, GitHub or sandbox code', async (_name, argv) => {
    const { code, stderr, modules } = await loadedModules(argv);
    expect(code, stderr).toBe(0);
    // The hook saw the command run: an empty list would pass the check below for nothing.
    expect(modules).toContain(`src/cli/commands/${argv[0]}.ts`);
    expect(modules.filter((m) => NOT_ON_PLAN_PATH.some((p) => m.startsWith(p)))).toEqual([]);
  });
});
