// Refuse to run on a Node older than the project's own (the `node` devDependency).
// npm scripts and npx put node_modules/.bin first on PATH, so they get Node 24; a bare
// `node scripts/...` with the machine's Node does not, and would fail later in obscure ways.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    `tenantops needs Node >= 24 but this is Node ${process.versions.node} (${process.execPath}).\n` +
      'Run it through npm (npm start, npm test, npx tenantops ...): `npm ci` installs Node 24 as a ' +
      'devDependency and npm scripts use it.',
  );
  process.exit(2);
}
