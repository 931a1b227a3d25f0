// Child-process side of `npm run bench`: runs one scenario and prints its result as JSON.
import type { Scenario, ScenarioResult } from './scenario.ts';

const name = process.argv[2];
const mod = (await import(`./scenarios/${name}.ts`)) as { default: Scenario };
const figures = await mod.default.run();
const result: ScenarioResult = {
  scenario: name,
  figures,
  // maxRSS is in kilobytes on Linux.
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write('\n@@result ' + JSON.stringify(result) + '\n');
