#!/usr/bin/env node
/**
 * `conductor-testkit <command> [options]`: run, check, explore, replay, record, validate and
 * generate types for Conductor workflows from a terminal or CI.
 *
 * Exit codes: 0 success, 1 a check failed, 2 bad input or usage (one line on stderr, no stack).
 */
import { isTestkitError } from '../errors/index.js';
import type { CliIo, Command } from './command.js';
import { commands } from './commands/index.js';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: conductor-testkit <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'conductor-testkit <command> --help' for a command's options.",
  ].join('\n');
}

/** Runs the CLI with the given arguments; returns the exit code (never throws). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.out('conductor-testkit 0.1.0\n');
    return 0;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`conductor-testkit: unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isTestkitError(error)) {
      io.err(`conductor-testkit ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) {
      io.err(`conductor-testkit ${name}: ${error.message}; see 'conductor-testkit ${name} --help'\n`);
      return 2;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.err(`conductor-testkit ${name}: internal error (a bug in conductor-testkit; please report it with the command line):\n${message}\n`);
    return 70;
  }
}

const isMain = process.argv[1] !== undefined && /[\\/]cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1]);
if (isMain) {
  const io: CliIo = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  };
  void runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
