#!/usr/bin/env node
// The `tenantops` command. Plain JavaScript so that an old Node can still say it is too old;
// everything else is the library's CLI (src/cli), run by Node 24's type stripping.
import './check-node.mjs';

const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
