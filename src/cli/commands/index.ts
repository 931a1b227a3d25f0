// Every CLI command, in the order `tenantops --help` lists them.
import type { Command } from '../command.ts';
import { catalogMatchCommand } from './catalog.ts';
import { planCommand } from './plan.ts';
import { validateCommand } from './validate.ts';

export const commands: Command[] = [validateCommand, planCommand, catalogMatchCommand];
