/**
 * Turns zod's issues into ours: paths kept, our messages kept, unions resolved to the branch
 * whose JSON type matched (so an inline sub-workflow definition reports its own bad field, not
 * "matches no alternative"), and the nearest task reference attached.
 */
import type { z } from 'zod';
import { DefinitionIssueCode, IssueSeverity, type DefinitionIssue } from '../definition-issue.js';
import { describeValue, isPlainObject } from './describe.js';

type ZodIssue = z.core.$ZodIssue;
type Path = readonly (string | number)[];

const CODES: Readonly<Record<string, string>> = {
  invalid_type: DefinitionIssueCode.INVALID_TYPE,
  invalid_value: DefinitionIssueCode.INVALID_VALUE,
  too_small: DefinitionIssueCode.TOO_SMALL,
  too_big: DefinitionIssueCode.TOO_BIG,
  invalid_union: DefinitionIssueCode.INVALID_UNION,
};

/**
 * The fallback error map for `safeParse`: every schema here sets its own message, so this only
 * guarantees that no zod default text ("Invalid input: …") can reach a user.
 */
export function fallbackErrorMap(issue: z.core.$ZodRawIssue): string {
  const got = describeValue(issue.input);
  if (issue.code === 'invalid_type') return `expected ${String(issue.expected)}, got ${got}`;
  if (issue.code === 'invalid_value') return `expected one of ${JSON.stringify(issue.values)}, got ${got}`;
  return `unexpected value, got ${got}`;
}

/** Converts zod issues found in `root` to definition issues (all errors), paths under `prefix`. */
export function fromZodIssues(issues: readonly ZodIssue[], root: unknown, prefix: Path = []): DefinitionIssue[] {
  const out: DefinitionIssue[] = [];
  collect(issues, [], out);
  return out.map((issue) => {
    const ref = nearestTaskRef(root, issue.path);
    const path = [...prefix, ...issue.path];
    return ref === undefined ? { ...issue, path } : { ...issue, path, taskReferenceName: ref };
  });
}

function collect(issues: readonly ZodIssue[], base: Path, out: DefinitionIssue[]): void {
  for (const issue of issues) {
    const path = [...base, ...issue.path.map(toSegment)];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // The branch whose JSON type matched is the one the user meant; report its own issues.
      const matching = issue.errors.filter((branch) => !branch.every(isRootTypeMismatch));
      if (matching.length === 1 && matching[0] !== undefined) {
        collect(matching[0], path, out);
        continue;
      }
    }
    out.push({
      path,
      code: CODES[issue.code] ?? DefinitionIssueCode.INVALID_VALUE,
      message: issue.message,
      severity: IssueSeverity.ERROR,
    });
  }
}

function isRootTypeMismatch(issue: ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

function toSegment(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}

/**
 * The `taskReferenceName` of the innermost task object on `path` (an object with a string
 * `taskReferenceName` reached through a task list), if any.
 */
export function nearestTaskRef(root: unknown, path: Path): string | undefined {
  let node: unknown = root;
  let ref: string | undefined;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isPlainObject(node) && typeof segment === 'string') node = node[segment];
    else break;
    if (isPlainObject(node) && typeof node['taskReferenceName'] === 'string' && node['taskReferenceName'] !== '') {
      ref = node['taskReferenceName'];
    }
  }
  return ref;
}
