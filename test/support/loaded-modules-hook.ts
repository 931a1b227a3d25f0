// Preloaded (`node --import`) into a child whose module graph a test inspects: records every
// module it loads, ES and CommonJS alike, and writes their URLs to LOADED_MODULES_FILE on exit.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const loaded = new Set<string>();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});
process.on('exit', () => writeFileSync(process.env.LOADED_MODULES_FILE!, [...loaded].join('\n')));
