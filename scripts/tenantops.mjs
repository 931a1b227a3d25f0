#!/usr/bin/env node
// The `tenantops` command. Plain JavaScript so that an old Node can still say it is too old;
// everything else is the library's CLI (src/cli): from the committed bundle dist/cli when it is
// exactly what the sources build (its manifest's hashes match; a start about 0.4 s of CPU
// cheaper), else from the sources by Node 24's type stripping, so an edited source always runs.
// TENANTOPS_CLI_FROM=source|bundle forces one; TENANTOPS_DEBUG says which ran and why.
import './check-node.mjs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const forced = process.env.TENANTOPS_CLI_FROM;
if (forced && forced !== 'source' && forced !== 'bundle') {
  console.error(`tenantops: TENANTOPS_CLI_FROM=${forced}: allowed are source, bundle (or unset: the bundle when fresh)`);
  process.exit(2);
}

const { CLI_DIST, checkCliBundle } = await import('../src/build/cli-manifest.ts');
const started = performance.now();
const state = forced === 'source' ? { fresh: false, reason: 'TENANTOPS_CLI_FROM=source' } : checkCliBundle(root);
if (forced === 'bundle' && !state.fresh) {
  console.error(`tenantops: TENANTOPS_CLI_FROM=bundle but ${CLI_DIST} is not what the sources build (${state.reason}); run npm run build`);
  process.exit(2);
}
if (process.env.TENANTOPS_DEBUG) {
  const checked = `${(performance.now() - started).toFixed(1)} ms`;
  console.error(state.fresh ? `tenantops: running ${CLI_DIST} (fresh: ${state.files} sources checked in ${checked})` : `tenantops: running the sources (${state.reason})`);
}

const { runCli } = state.fresh ? await import(pathToFileURL(path.join(root, CLI_DIST, 'index.js')).href) : await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
