/**
 * `conductor-testkit record <scenario or request files...> --server URL`: stores the server's answer
 * to each request as a golden file beside it (`<name>.golden.json`), so `check` can compare the
 * engine with the real server offline, without Java.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../../errors/index.js';
import { prepareServer } from '../../remote/index.js';
import type { Command } from '../command.js';
import { expandJsonFiles } from '../files.js';
import { SERVER_OPTIONS, SERVER_USAGE, readReplayInput, serverClient } from '../server-input.js';

const USAGE = `Usage: conductor-testkit record <scenario or request files / dirs...> [options]

Sends each WorkflowTestRequest to a real Conductor server and writes its answer beside the file as
<name>.golden.json. 'conductor-testkit check' then compares the engine with the golden answers.

Options:
${SERVER_USAGE}
  --server-label <text>  what the server is, stored in each golden (e.g. "conductor-server 3.32.3")`;

/** The golden file format. */
export interface GoldenFile {
  readonly goldenVersion: 1;
  /** What answered (the label given to record). */
  readonly server: string;
  /** The scenario id or request file name. */
  readonly id: string;
  /** The server's raw answer to POST /api/workflow/test. */
  readonly answer: unknown;
}

/** The golden file path of a scenario or request file. */
export function goldenPathOf(file: string): string {
  return file.replace(/\.json$/, '') + '.golden.json';
}

export const recordCommand: Command = {
  name: 'record',
  summary: "store a real server's answers as golden files beside the requests",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...SERVER_OPTIONS, 'server-label': { type: 'string' } } });
    if (positionals.length === 0) throw new UsageError('give at least one scenario or request file; see --help');
    const client = serverClient(values, io);
    const files = expandJsonFiles(positionals, io.cwd).filter((f) => !f.endsWith('.golden.json'));
    let recorded = 0;
    for (const file of files) {
      const input = readReplayInput(file, io.cwd);
      if (input.simulateOnly) {
        io.out(`skip ${input.id} (a simulate-only scenario: no server answer to record)\n`);
        continue;
      }
      recorded++;
      await prepareServer(client, input.request, input.taskDefs, input.workflowDefs);
      const answer = await client.testWorkflow(structuredClone(input.request));
      const golden: GoldenFile = { goldenVersion: 1, server: values['server-label'] ?? client.baseUrl, id: input.id, answer };
      const path = goldenPathOf(file);
      writeFileSync(resolve(io.cwd, path), `${JSON.stringify(golden, null, 2)}\n`);
      io.out(`recorded ${input.id} -> ${path} (${String((answer as { status?: string }).status)})\n`);
    }
    io.out(`${recorded} recorded\n`);
    return 0;
  },
};
