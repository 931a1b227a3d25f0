// The floor of a fresh `plan --offline`: what any plan of these files must do at least — start
// Node, read every file, parse it and validate it against the schemas and cross-file rules — and
// nothing else. `validate-plan-10000` times it in the same run as the plan and divides.
import { loadInputs } from '../src/run/index.ts';

const root = process.argv[2];
const { inputs, findings } = await loadInputs(root);
if (!inputs) throw new Error(`generated tenants do not validate: ${findings.slice(0, 3).map((f) => f.message).join('; ')}`);
process.stdout.write(`${inputs.tenants.length} tenants valid\n`);
