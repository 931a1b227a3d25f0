// Which commands take `--sandbox` and how their help says it. Apart from sandbox.ts, which opens
// such a run and with it the whole run layer: every command's flag parsing and help read these,
// and a command that never runs against the sandbox must not load it.

/** The commands that talk to live services, hence take `--sandbox`. */
export const SANDBOX_COMMANDS: readonly string[] = ['plan', 'apply', 'verify', 'status', 'migrate', 'refresh', 'discover', 'catalog sync', 'keys rotate', 'ops run', 'ops history', 'rollout start', 'rollout status', 'rollout resume', 'rollout retry', 'registry backup', 'registry restore', 'registry rebuild', 'rollback', 'offboard', 'dashboard'];

export const SANDBOX_HELP = 'run against the sandbox `npm start -- --keep` left running (reads .tenantops/sandbox.json under --root)';
