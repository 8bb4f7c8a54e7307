/** Every CLI command, in the order `--help` lists them. */
import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { exploreCommand } from './explore.js';
import { recordCommand } from './record.js';
import { replayCommand } from './replay.js';
import { runCommand } from './run.js';
import { typesCommand } from './types.js';
import { validateCommand } from './validate.js';

export const commands: readonly Command[] = [runCommand, validateCommand, checkCommand, exploreCommand, replayCommand, recordCommand, typesCommand];
