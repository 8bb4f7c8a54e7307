import { describe, expect, it } from 'vitest';

import { formatTimeline } from '../../src/trace/index.js';
import { buildTrace, type WorkflowSpec } from '../support/trace-builder.js';

const FLOW: WorkflowSpec = {
  name: 'order_flow',
  status: 'FAILED',
  reasonForIncompletion: "Task {task:4} failed with status: FAILED and reason: 'null'",
  tasks: [
    { ref: 'validate' },
    { ref: 'charge', status: 'FAILED', at: 1_000 },
    { ref: 'charge', retryCount: 1, at: 61_000, reasonForIncompletion: 'card declined' },
    { ref: 'pack', taskType: 'SUB_WORKFLOW', at: 62_000, child: { name: 'pack_flow', tasks: [{ ref: 'box__2', taskType: 'box', iteration: 2 }] } },
    { ref: 'ship', status: 'FAILED', at: 3_605_250 },
  ],
};

describe('formatTimeline', () => {
  it('prints one aligned line per task, attempts from #1, loop iterations, reasons, and children indented under their task', () => {
    const trace = buildTrace(FLOW, { extra: [{ name: 'on_failure', tasks: [{ ref: 'notify', at: 3_700_000 }] }] });

    expect(formatTimeline(trace)).toBe(
      [
        "wf#1 order_flow v1 FAILED: Task task#6 failed with status: FAILED and reason: 'null'",
        '  +0s            validate  validate      COMPLETED  #1',
        '  +1s            charge    charge        FAILED     #1',
        '  +1m01s         charge    charge        COMPLETED  #2  card declined',
        '  +1m02s         pack      SUB_WORKFLOW  COMPLETED  #1',
        '    wf#2 pack_flow v1 COMPLETED',
        '      +0s  box__2  box  COMPLETED  #1  iter 2',
        '  +1h00m05.250s  ship      ship          FAILED     #1',
        'wf#3 on_failure v1 COMPLETED',
        '  +1h01m40s  notify  notify  COMPLETED  #1',
      ].join('\n'),
    );
  });

  it('is the same for two runs that differ only in seed and start time', () => {
    const first = formatTimeline(buildTrace(FLOW, { seed: 1 }));

    expect(formatTimeline(buildTrace(FLOW, { seed: 2, startedAt: 0 + 86_400_000 }))).toBe(first);
  });

  it('cuts long reasons to reasonLength and prints a never-scheduled task with a dash', () => {
    const trace = buildTrace({
      name: 'wf',
      status: 'RUNNING',
      tasks: [{ ref: 'a', status: 'FAILED', scheduledTime: 0, reasonForIncompletion: 'a very long\nreason that goes on' }],
    });

    expect(formatTimeline(trace, { reasonLength: 12 })).toBe(['wf#1 wf v1 RUNNING', '  -  a  a  FAILED  #1  a very long…'].join('\n'));
  });
});
