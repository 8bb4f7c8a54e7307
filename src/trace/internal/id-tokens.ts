/**
 * Replaces run-specific ids with stable tokens (`wf#1`, `task#3`, `id#1`). Private to src/trace.
 *
 * Numbers are handed out per kind in the order `assign`/`token` is first called, so the caller
 * decides what "first appearance" means (normalize.ts walks the trace structurally).
 */

/** What an id identifies. `id` is anything else UUID-shaped (e.g. the test-mode domain). */
export type IdKind = 'wf' | 'task' | 'id';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const UUID_EXACT = new RegExp(`^${UUID}$`);
/** Known ids shorter than this are replaced only when a whole string equals them. */
const MIN_EMBEDDED_ID_LENGTH = 8;

/** True for a string shaped like a UUID (what both the server and the engine hand out). */
export function isUuidShaped(value: string): boolean {
  return UUID_EXACT.test(value);
}

/**
 * The kind a key suggests for the value under it: `…TaskId` → task, `…WorkflowId`,
 * `workflowInstanceId` and `conductor.failure_workflow` (WorkflowExecutorOps puts the failure
 * workflow's id there) → wf, other `…Id`/`…_id`/`id` and `domain` → id; `undefined` when the key
 * says nothing.
 */
export function kindFromKey(key: string): IdKind | undefined {
  if (/taskid$/i.test(key)) return 'task';
  if (/workflow(instance)?id$/i.test(key) || key === 'conductor.failure_workflow') return 'wf';
  if (key === 'id' || /(Id|ID|_id|-id)$/.test(key) || key === 'domain') return 'id';
  return undefined;
}

export class IdTokens {
  private readonly kinds = new Map<string, IdKind>();
  private readonly tokens = new Map<string, string>();
  private readonly counters: Record<IdKind, number> = { wf: 0, task: 0, id: 0 };
  private embedded: RegExp | undefined;

  /** Records that `id` is of `kind` and gives it the next token of that kind if it has none. */
  assign(id: string, kind: IdKind): string {
    if (!this.kinds.has(id)) this.kinds.set(id, kind);
    return this.token(id, kind);
  }

  /** True when `id` has been assigned or registered. */
  isKnown(id: string): boolean {
    return this.kinds.has(id);
  }

  /** Kind of a known id. */
  kindOf(id: string): IdKind | undefined {
    return this.kinds.get(id);
  }

  /** The token of `id`, handing out a new one (of its known kind, else `fallback`) on first use. */
  token(id: string, fallback: IdKind): string {
    const existing = this.tokens.get(id);
    if (existing !== undefined) return existing;
    const kind = this.kinds.get(id) ?? fallback;
    this.counters[kind] += 1;
    const token = `${kind}#${this.counters[kind]}`;
    this.tokens.set(id, token);
    this.embedded = undefined;
    return token;
  }

  /**
   * A string value found under `key`: a whole known id, or a UUID under a key that names an id,
   * becomes a token; anything else is returned unchanged.
   */
  value(text: string, key: string | undefined): string {
    if (this.kinds.has(text) || this.tokens.has(text)) return this.token(text, 'id');
    const hinted = key === undefined ? undefined : kindFromKey(key);
    if (hinted !== undefined && isUuidShaped(text)) return this.token(text, hinted);
    return text;
  }

  /**
   * Free text (a failure reason): every UUID-shaped substring and every known id of at least
   * eight characters is replaced by its token, e.g. `Task 3f…9a failed` → `Task task#4 failed`.
   */
  text(text: string): string {
    if (this.embedded === undefined) this.embedded = this.buildEmbedded();
    return text.replace(this.embedded, (match) => this.token(match, 'id'));
  }

  private buildEmbedded(): RegExp {
    const known = [...new Set([...this.kinds.keys(), ...this.tokens.keys()])]
      .filter((id) => id.length >= MIN_EMBEDDED_ID_LENGTH && !isUuidShaped(id))
      .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
      .map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp([...known, UUID].join('|'), 'g');
  }
}
