// The entry of the CLI's bundle (dist/cli, npm run build): the same runCli that scripts/tenantops.mjs
// runs from the sources. Its own folder because ncc takes the tsconfig.json nearest the entry.
export { runCli } from '../../src/cli/main.ts';
