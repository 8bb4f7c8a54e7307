/**
 * The shape of a CLI command. Each command lives in `commands/<name>.ts`, parses its own options
 * with `node:util` `parseArgs`, writes through the given streams, and returns an exit code:
 * 0 success, 1 a check failed (a scenario, a replay, an invariant), 2 bad input or usage.
 */

/** Where a command writes. Tests pass buffers; `main` passes process.stdout/stderr. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Working directory used to resolve relative paths. */
  readonly cwd: string;
  /** Environment variables (CONDUCTOR_SERVER_URL…). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when stdout is a terminal (progress bars, colour). */
  readonly isTTY: boolean;
}

/** Exit codes. */
export const ExitCode = { OK: 0, FAILED: 1, USAGE: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One CLI command. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full usage text printed by `--help`. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
