// Lets plain Node load @actions/workflow-parser: it imports its JSON schemas without
// `with { type: 'json' }`, which Node refuses, so this hook gives `.json` URLs the json format.
// Import it (first, and before anything that imports the parser is even loaded: use a dynamic
// import for the rest) in every developer entry point; vitest needs none (vitest.config.ts inlines
// the parser instead).
import { registerHooks } from 'node:module';

registerHooks({
  load(url, context, nextLoad) {
    if (!new URL(url).pathname.endsWith('.json')) return nextLoad(url, context);
    return nextLoad(url, { ...context, format: 'json', importAttributes: { ...context.importAttributes, type: 'json' } });
  },
});
