// npm run build: bundle every action into actions/<name>/dist (committed).
import path from 'node:path';
import { writeBundles } from '../src/build/bundle.ts';

const root = path.resolve(import.meta.dirname, '..');
for (const file of await writeBundles(root)) console.log(`wrote ${file}`);
