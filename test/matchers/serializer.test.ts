import { describe, expect, it } from 'vitest';
import '../../matchers/vitest.js';
import { timelineSnapshotSerializer, toTimeline, traceSnapshotSerializer } from '../../matchers/index.js';
import { serializeTrace } from '../../src/trace/index.js';
import { orderRun } from './fixtures.js';

describe('traceSnapshotSerializer', () => {
  it('recognises traces and nothing else', () => {
    expect(traceSnapshotSerializer.test(orderRun())).toBe(true);
    expect(traceSnapshotSerializer.test({ workflow: {} })).toBe(false);
    expect(traceSnapshotSerializer.test(toTimeline(orderRun()))).toBe(false);
  });

  it('prints the canonical text of the trace', () => {
    expect(traceSnapshotSerializer.serialize(orderRun(), {}, '')).toBe(serializeTrace(orderRun()));
  });

  it('prints the same text for runs that differ only in their ids', () => {
    expect(traceSnapshotSerializer.serialize(orderRun(7), {}, '')).toBe(traceSnapshotSerializer.serialize(orderRun(1), {}, ''));
  });

  it('indents the lines after the first when the trace is nested in another value', () => {
    const text = traceSnapshotSerializer.serialize(orderRun(), {}, '    ');

    expect(text.split('\n').slice(0, 3)).toEqual(['trace v1', '    {', '      "events": [],']);
  });
});

describe('toTimeline', () => {
  it('snapshots as the compact timeline, without quotes', () => {
    expect(toTimeline(orderRun())).toMatchInlineSnapshot(`
      wf#1 order_flow v1 COMPLETED
        +0s     validate  validate      COMPLETED  #1
        +1s     charge    charge        FAILED     #1          card declined
        +8s     charge    charge        COMPLETED  #2
        +9s     route     SWITCH        COMPLETED  #1
        +9s     express   book_express  COMPLETED  #1
        +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
        +40s    check__1  check         COMPLETED  #1  iter 1
        +50s    check__2  check         COMPLETED  #1  iter 2
        +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
          wf#2 fulfil_flow v1 COMPLETED
            +1m00s  pack   pack   COMPLETED  #1
            +1m30s  label  label  COMPLETED  #1
        +2m00s  notify    notify        SCHEDULED  #1
    `);
  });

  it('accepts a session', () => {
    expect(timelineSnapshotSerializer.serialize(toTimeline({ trace: () => orderRun() }), {}, '')).toBe(timelineSnapshotSerializer.serialize(toTimeline(orderRun()), {}, ''));
  });

  it('is recognised only by the timeline serializer', () => {
    expect(timelineSnapshotSerializer.test(toTimeline(orderRun()))).toBe(true);
    expect(timelineSnapshotSerializer.test(orderRun())).toBe(false);
    expect(timelineSnapshotSerializer.test('wf#1')).toBe(false);
  });
});
