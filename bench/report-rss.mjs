// Preloaded into a benchmarked child (`node --import`): prints its peak RSS and the CPU time it used
// on exit, so a CLI figure measured "as a user runs it" (a fresh process) still reports its own
// memory, and a ratio of two commands can be read in CPU seconds, which a busy machine disturbs far
// less than wall time.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  // maxRSS is in kilobytes on Linux; CPU times in microseconds.
  writeSync(2, `\n@@rss ${usage.maxRSS / 1024}\n@@cpu ${(usage.userCPUTime + usage.systemCPUTime) / 1e6}\n`);
});
