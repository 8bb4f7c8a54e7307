/**
 * Task type names as Conductor knows them.
 *
 * Conductor: common/metadata/tasks/TaskType.java. `TaskType.of()` maps any other string to
 * USER_DEFINED, so an unknown type is a worker task polled under that type name — legal, and
 * used on purpose (the harness has `USER_TASK`, `BLOCKING_SYSTEM_TASK`).
 */
import { editDistance } from './suggest.js';

/** Every constant of TaskType.java at the cited snapshot, in declaration order. */
export const CONDUCTOR_TASK_TYPES: readonly string[] = [
  'SIMPLE',
  'DYNAMIC',
  'FORK_JOIN',
  'FORK_JOIN_DYNAMIC',
  'DECISION',
  'SWITCH',
  'JOIN',
  'DO_WHILE',
  'SUB_WORKFLOW',
  'START_WORKFLOW',
  'EVENT',
  'WAIT',
  'HUMAN',
  'USER_DEFINED',
  'HTTP',
  'LAMBDA',
  'INLINE',
  'EXCLUSIVE_JOIN',
  'TERMINATE',
  'KAFKA_PUBLISH',
  'JSON_JQ_TRANSFORM',
  'SET_VARIABLE',
  'NOOP',
  'LLM_TEXT_COMPLETE',
  'LLM_CHAT_COMPLETE',
  'LLM_INDEX_TEXT',
  'LLM_SEARCH_INDEX',
  'LLM_GENERATE_EMBEDDINGS',
  'LLM_STORE_EMBEDDINGS',
  'LLM_GET_EMBEDDINGS',
  'LIST_MCP_TOOLS',
  'CALL_MCP_TOOL',
  'PULL_WORKFLOW_MESSAGES',
  'AGENT',
  'GET_AGENT_CARD',
  'CANCEL_AGENT',
];

const KNOWN = new Set(CONDUCTOR_TASK_TYPES);

/** Types that have a definition-level meaning that a misspelling would lose. */
export function isKnownTaskType(type: string): boolean {
  return KNOWN.has(type);
}

/**
 * The known type an unknown type string is almost certainly a misspelling of, or undefined.
 * Case is ignored (`simple` → SIMPLE: Conductor's valueOf is case-sensitive, so `simple` would
 * be a worker task nobody polls). Short names allow one edit, longer ones two, so custom worker
 * types such as `MAIL` (two edits from WAIT) or `USER_TASK` stay legal. `FORK` is the runtime
 * type of a fork; in a definition it is FORK_JOIN.
 */
export function misspeltTaskType(type: string): string | undefined {
  if (KNOWN.has(type)) return undefined;
  if (type === 'FORK') return 'FORK_JOIN';
  const upper = type.toUpperCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const known of CONDUCTOR_TASK_TYPES) {
    const allowed = known.length <= 5 ? 1 : 2;
    if (Math.abs(known.length - upper.length) > allowed) continue;
    const distance = editDistance(upper, known);
    if (distance <= allowed && distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Definition types whose runtime tasks the test endpoint treats as operators and never applies
 * a mock to: JOIN, DO_WHILE, SET_VARIABLE, FORK (the runtime type of FORK_JOIN and
 * FORK_JOIN_DYNAMIC), INLINE, TERMINATE, DECISION, SWITCH, SUB_WORKFLOW
 * (core/service/WorkflowTestService.java; harness README "How the real endpoint consumes these
 * requests"). A DYNAMIC node is not here: its runtime type is the resolved task name.
 */
export const TEST_ENDPOINT_OPERATORS: ReadonlySet<string> = new Set([
  'JOIN',
  'DO_WHILE',
  'SET_VARIABLE',
  'FORK_JOIN',
  'FORK_JOIN_DYNAMIC',
  'INLINE',
  'TERMINATE',
  'DECISION',
  'SWITCH',
  'SUB_WORKFLOW',
]);

