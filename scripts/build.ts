// npm run build: bundle every action into actions/<name>/dist and the CLI into dist/cli (committed).
import path from 'node:path';
import { writeBundles } from '../src/build/bundle.ts';
import { writeCliBundle } from '../src/build/cli-bundle.ts';

const root = path.resolve(import.meta.dirname, '..');
for (const file of await writeBundles(root)) console.log(`wrote ${file}`);
for (const file of await writeCliBundle(root)) console.log(`wrote ${file}`);
