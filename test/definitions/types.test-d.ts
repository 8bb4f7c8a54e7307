import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  parseScenario,
  parseTaskDef,
  parseTestRequest,
  parseWorkflowDef,
  scenarioSchema,
  subWorkflowTestRequestSchema,
  taskDefSchema,
  taskMockSchema,
  workflowDefSchema,
  workflowTaskSchema,
  workflowTestRequestSchema,
  subWorkflowParamsSchema,
  type Scenario,
  type SubWorkflowParams,
  type SubWorkflowTestRequest,
  type TaskDef,
  type TaskMock,
  type WorkflowDef,
  type WorkflowTask,
  type WorkflowTestRequest,
} from '../../src/definitions/index.js';

describe('parsed types', () => {
  it('are assignable to the contract interfaces of types.ts', () => {
    expectTypeOf<z.output<typeof taskDefSchema>>().toExtend<TaskDef>();
    expectTypeOf<z.output<typeof workflowTaskSchema>>().toExtend<WorkflowTask>();
    expectTypeOf<z.output<typeof subWorkflowParamsSchema>>().toExtend<SubWorkflowParams>();
    expectTypeOf<z.output<typeof workflowDefSchema>>().toExtend<WorkflowDef>();
    expectTypeOf<z.output<typeof taskMockSchema>>().toExtend<TaskMock>();
    expectTypeOf<z.output<typeof workflowTestRequestSchema>>().toExtend<WorkflowTestRequest>();
    expectTypeOf<z.output<typeof subWorkflowTestRequestSchema>>().toExtend<SubWorkflowTestRequest>();
    expectTypeOf<z.output<typeof scenarioSchema>>().toExtend<Scenario>();
  });

  it('keep the fields typed rather than any', () => {
    expectTypeOf<z.output<typeof workflowTaskSchema>['type']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<z.output<typeof workflowTaskSchema>['retryCount']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<z.output<typeof workflowDefSchema>['timeoutPolicy']>().toEqualTypeOf<'TIME_OUT_WF' | 'ALERT_ONLY' | undefined>();
    expectTypeOf<z.output<typeof taskMockSchema>['status']>().toEqualTypeOf<
      'IN_PROGRESS' | 'FAILED' | 'FAILED_WITH_TERMINAL_ERROR' | 'COMPLETED' | 'CANCELED' | undefined
    >();
  });

  it('are what the parse functions return', () => {
    expectTypeOf(parseWorkflowDef).returns.toEqualTypeOf<WorkflowDef>();
    expectTypeOf(parseTaskDef).returns.toEqualTypeOf<TaskDef>();
    expectTypeOf(parseTestRequest).returns.toEqualTypeOf<WorkflowTestRequest>();
    expectTypeOf(parseScenario).returns.toEqualTypeOf<Scenario>();
  });
});
