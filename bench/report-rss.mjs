// Preloaded into a benchmarked child (`node --import`): prints its peak RSS on exit, so a CLI
// figure measured "as a user runs it" (a fresh process) still reports its own memory.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  // maxRSS is in kilobytes on Linux.
  writeSync(2, `\n@@rss ${process.resourceUsage().maxRSS / 1024}\n`);
});
