/**
 * Reading input files for the CLI: JSON with a clear error (file, line, column), and expansion of
 * directories into the JSON files they contain, in a stable order.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseJson } from '../definitions/index.js';
import { UsageError } from '../errors/index.js';

/** Reads and parses a JSON file; errors name the file. */
export function readJsonFile(path: string, cwd: string): unknown {
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`);
  }
  return parseJson(text, path);
}

/** Expands files and directories (recursively) into `.json` files, sorted by path. */
export function expandJsonFiles(paths: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  const visit = (path: string): void => {
    const full = resolve(cwd, path);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      throw new UsageError(`${path}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(full).sort()) {
        const child = join(path, entry);
        if (statSync(resolve(cwd, child)).isDirectory() || entry.endsWith('.json')) visit(child);
      }
    } else out.push(path);
  };
  for (const p of paths) visit(p);
  return out;
}
