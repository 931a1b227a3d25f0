// Every CLI command, loaded, in the order `tenantops --help` lists them (src/cli/command-list.ts
// names them; the CLI itself loads only the one it runs).
import type { Command } from '../command.ts';
import { loadCommands } from '../command-list.ts';

export const commands: Command[] = await loadCommands();
