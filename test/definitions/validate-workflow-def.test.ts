import { describe, expect, it } from 'vitest';
import { formatPath } from '../../src/errors/index.js';
import {
  validateWorkflowDef,
  type DefinitionIssue,
  type TaskDef,
  type WorkflowDef,
  type WorkflowTask,
} from '../../src/definitions/index.js';

const t = (ref: string, extra: Partial<WorkflowTask> = {}): WorkflowTask => ({ name: ref, taskReferenceName: ref, ...extra });
const wf = (...tasks: WorkflowTask[]): WorkflowDef => ({ name: 'wf', tasks });
/** One line per issue: `severity code path  message`. */
const lines = (issues: readonly DefinitionIssue[]): string[] =>
  issues.map((i) => `${i.severity} ${i.code} ${formatPath(i.path)}  ${i.message}`);
const check = (def: WorkflowDef, taskDefs?: ReadonlyMap<string, TaskDef>): string[] =>
  lines(validateWorkflowDef(def, taskDefs === undefined ? {} : { taskDefs }));

describe('validateWorkflowDef', () => {
  it('finds nothing wrong in a plain valid definition', () => {
    const def = wf(t('a', { inputParameters: { x: '${workflow.input.x}' } }), t('b', { inputParameters: { y: '${a.output.y}' } }));

    expect(validateWorkflowDef(def)).toEqual([]);
  });

  describe('taskReferenceName uniqueness (TaskReferenceNameUniqueConstraint)', () => {
    it('reports a duplicate anywhere in the tree with the path of the first use', () => {
      const def = wf(t('a'), t('sw', { type: 'SWITCH', evaluatorType: 'value-param', expression: 'k', decisionCases: { x: [t('a')] } }));

      expect(check(def)).toEqual([
        'error duplicate_ref tasks[1].decisionCases.x[0].taskReferenceName  taskReferenceName "a" is already used at tasks[0].taskReferenceName; references must be unique across the whole workflow, rename one of them',
      ]);
    });

    it('counts refs inside loop bodies, as collectTasks does', () => {
      const def = wf(t('loop', { type: 'DO_WHILE', loopCondition: '', loopOver: [t('x')] }), t('x'));

      expect(check(def)).toEqual([
        'error duplicate_ref tasks[1].taskReferenceName  taskReferenceName "x" is already used at tasks[0].loopOver[0].taskReferenceName; references must be unique across the whole workflow, rename one of them',
      ]);
    });

    it('attaches the task reference to the issue', () => {
      const [issue] = validateWorkflowDef(wf(t('a'), t('a')));

      expect(issue?.taskReferenceName).toBe('a');
    });
  });

  describe('${...} references (ConstraintParamUtil)', () => {
    it('is an error in the input of a top-level task, with a suggestion', () => {
      const def = wf(t('charge'), t('ship', { inputParameters: { id: 'order-${chrage.output.id}' } }));

      expect(check(def)).toEqual([
        'error unknown_ref tasks[1].inputParameters.id  "${chrage.output.id}" refers to "chrage", which is neither "workflow" nor a taskReferenceName of this workflow (did you mean "charge"?)',
      ]);
    });

    it('looks into nested maps and lists of the input', () => {
      const def = wf(t('a', { inputParameters: { deep: { list: ['ok', { v: '${nope.output}' }] } } }));

      expect(check(def)).toEqual([
        'error unknown_ref tasks[0].inputParameters.deep.list[1].v  "${nope.output}" refers to "nope", which is neither "workflow" nor a taskReferenceName of this workflow',
      ]);
    });

    it('accepts a ref defined anywhere in the tree, even later', () => {
      const def = wf(t('a', { inputParameters: { v: '${inner.output.v}' } }), t('loop', { type: 'DO_WHILE', loopCondition: '', loopOver: [t('inner')] }));

      expect(validateWorkflowDef(def)).toEqual([]);
    });

    it('accepts the system parameters CPEWF_TASK_ID, NETFLIX_ENV and NETFLIX_STACK', () => {
      const def = wf(t('a', { inputParameters: { id: '${CPEWF_TASK_ID}', env: '${NETFLIX_ENV}', stack: '${NETFLIX_STACK}' } }));

      expect(validateWorkflowDef(def)).toEqual([]);
    });

    it('cuts the first segment at "." like Conductor, so bracket access at top level is an error', () => {
      const def = wf(t('a'), t('b', { inputParameters: { v: "${a['output']}" } }));

      expect(check(def)).toEqual([
        `error unknown_ref tasks[1].inputParameters.v  "\${a['output']}" refers to "a['output']", which is neither "workflow" nor a taskReferenceName of this workflow; Conductor's check reads everything up to the first ".", so put a "." right after "a"`,
      ]);
    });

    it('is only a warning inside nested tasks, where Conductor does not check, and reads brackets there', () => {
      const def = wf(
        t('loop', { type: 'DO_WHILE', loopCondition: '', loopOver: [t('body', { inputParameters: { i: "${loop['iteration']}", bad: '${gone.output}' } })] }),
      );

      expect(check(def)).toEqual([
        'warning unknown_ref tasks[0].loopOver[0].inputParameters.bad  warning: "${gone.output}" refers to "gone", which is neither "workflow" nor a taskReferenceName of this workflow, so it cannot resolve',
      ]);
    });

    it('is a warning in the workflow outputParameters', () => {
      const def: WorkflowDef = { ...wf(t('a')), outputParameters: { r: '${b.output.r}' } };

      expect(check(def)).toEqual([
        'warning unknown_ref outputParameters.r  warning: "${b.output.r}" refers to "b", which is neither "workflow" nor a taskReferenceName of this workflow, so it cannot resolve (did you mean "a"?)',
      ]);
    });

    it('reports a path the JSONPath compiler rejects', () => {
      const def = wf(t('a', { inputParameters: { v: '${workflow.input.}', w: '${}' } }));

      expect(check(def)).toEqual([
        'error invalid_param_path tasks[0].inputParameters.v  "${workflow.input.}" is not a valid parameter path: a path must not end with "."',
        'error invalid_param_path tasks[0].inputParameters.w  "${}" is not a valid parameter path: the path is empty',
      ]);
    });
  });

  describe('task types', () => {
    it('reports a type within one edit of a short known type', () => {
      expect(check(wf(t('a', { type: 'HTTPS' })))).toEqual(['error unknown_task_type tasks[0].type  unknown task type "HTTPS" (did you mean "HTTP"?)']);
    });

    it('reports a transposed or lower-case type', () => {
      expect(check(wf(t('a', { type: 'SWTICH', evaluatorType: 'value-param', expression: 'k' }), t('b', { type: 'simple' })))).toEqual([
        'error unknown_task_type tasks[0].type  unknown task type "SWTICH" (did you mean "SWITCH"?)',
        'error unknown_task_type tasks[1].type  unknown task type "simple" (did you mean "SIMPLE"?)',
      ]);
    });

    it('reports the runtime type FORK used in a definition', () => {
      expect(check(wf(t('a', { type: 'FORK' })))).toEqual(['error unknown_task_type tasks[0].type  unknown task type "FORK" (did you mean "FORK_JOIN"?)']);
    });

    it('keeps custom worker types legal, as Conductor runs them as USER_DEFINED', () => {
      const def = wf(t('a', { type: 'USER_TASK' }), t('b', { type: 'BLOCKING_SYSTEM_TASK' }), t('c', { type: 'MAIL' }), t('d', { type: 'JOB' }), t('e', { type: 'LLM_CHAT_COMPLETE' }));

      expect(validateWorkflowDef(def)).toEqual([]);
    });
  });

  describe('per-type rules (WorkflowTaskTypeConstraint)', () => {
    it('SWITCH needs evaluatorType, expression and at least one case', () => {
      expect(check(wf(t('sw', { type: 'SWITCH' })))).toEqual([
        'error missing_field tasks[0].evaluatorType  evaluatorType is required for SWITCH tasks; use "value-param" (expression names an input parameter) or "javascript"',
        'error missing_field tasks[0].expression  expression is required for SWITCH tasks; with "value-param" it names an input parameter, with "javascript" it is a script',
        'error empty_branches tasks[0].decisionCases  SWITCH tasks need at least one entry in decisionCases, got undefined; add a case such as "yes": [ … ]',
      ]);
    });

    it('SWITCH with an empty case map is an error', () => {
      expect(check(wf(t('sw', { type: 'SWITCH', evaluatorType: 'javascript', expression: '1', decisionCases: {} })))).toEqual([
        'error empty_branches tasks[0].decisionCases  SWITCH tasks need at least one entry in decisionCases, got an empty object; add a case such as "yes": [ … ]',
      ]);
    });

    it('SWITCH with an unknown evaluatorType is a warning', () => {
      expect(check(wf(t('sw', { type: 'SWITCH', evaluatorType: 'javscript', expression: '1', decisionCases: { a: [] } })))).toEqual([
        'warning invalid_value tasks[0].evaluatorType  warning: unknown evaluatorType "javscript" (did you mean "javascript"?); Conductor fails the workflow with "No evaluator registered for type: javscript" when it reaches this task',
      ]);
    });

    it('DECISION needs caseValueParam or caseExpression and at least one case', () => {
      expect(check(wf(t('d', { type: 'DECISION', decisionCases: {} })))).toEqual([
        'error missing_field tasks[0].caseValueParam  caseValueParam or caseExpression is required for DECISION tasks; set caseValueParam to the input parameter to branch on',
        'error empty_branches tasks[0].decisionCases  DECISION tasks need at least one entry in decisionCases, got an empty object; add a case such as "yes": [ … ]',
      ]);
    });

    it('DO_WHILE needs a loopCondition and a non-empty loopOver', () => {
      expect(check(wf(t('loop', { type: 'DO_WHILE', loopOver: [] })))).toEqual([
        'error missing_field tasks[0].loopCondition  loopCondition is required for DO_WHILE tasks; use "" to run the body once',
        'error missing_field tasks[0].loopOver  loopOver must list at least one task for DO_WHILE tasks, got an empty array',
      ]);
    });

    it('DO_WHILE inside DO_WHILE is a warning', () => {
      const def = wf(t('outer', { type: 'DO_WHILE', loopCondition: '', loopOver: [t('inner', { type: 'DO_WHILE', loopCondition: '', loopOver: [t('x')] })] }));

      expect(check(def)).toEqual([
        'warning nested_loop tasks[0].loopOver[0].type  warning: a DO_WHILE inside the DO_WHILE "outer" is not supported by Conductor; move the inner loop into a sub-workflow',
      ]);
    });

    it('DYNAMIC needs dynamicTaskNameParam', () => {
      expect(check(wf(t('dyn', { type: 'DYNAMIC' })))).toEqual([
        'error missing_field tasks[0].dynamicTaskNameParam  dynamicTaskNameParam is required for DYNAMIC tasks; name the input parameter that holds the task name',
      ]);
    });

    it('FORK_JOIN needs a branch and a JOIN after it', () => {
      expect(check(wf(t('fork', { type: 'FORK_JOIN' }), t('after')))).toEqual([
        'error empty_branches tasks[0].forkTasks  FORK_JOIN tasks need at least one branch in forkTasks, got undefined',
        'warning fork_without_join tasks[0].type  warning: a FORK_JOIN task must be followed by a JOIN task, but the next task is "after" (SIMPLE); Conductor accepts the definition but fails the workflow when it reaches the fork. Add a JOIN right after it',
      ]);
    });

    it('FORK_JOIN with an empty branch is a warning', () => {
      expect(check(wf(t('fork', { type: 'FORK_JOIN', forkTasks: [[t('a')], []] }), t('join', { type: 'JOIN', joinOn: ['a'] })))).toEqual([
        'warning empty_branches tasks[0].forkTasks[1]  warning: this fork branch is empty; Conductor accepts the definition but fails the workflow when it schedules the fork. Add a task to the branch or remove it',
      ]);
    });

    it('a fork at the end of a case may be joined by the node after the SWITCH', () => {
      const def = wf(
        t('sw', { type: 'SWITCH', evaluatorType: 'value-param', expression: 'k', decisionCases: { a: [t('fork', { type: 'FORK_JOIN', forkTasks: [[t('x')]] })] } }),
        t('join', { type: 'JOIN', joinOn: ['x'] }),
      );

      expect(validateWorkflowDef(def)).toEqual([]);
    });

    it('FORK_JOIN_DYNAMIC needs its two params, or forkTaskInputs, and a JOIN after it', () => {
      expect(check(wf(t('dyn', { type: 'FORK_JOIN_DYNAMIC' })))).toEqual([
        'error missing_field tasks[0].dynamicForkTasksParam  dynamicForkTasksParam is required for FORK_JOIN_DYNAMIC tasks unless inputParameters.forkTaskInputs or dynamicForkJoinTasksParam is used; name the input parameter that holds the tasks to fork',
        "error missing_field tasks[0].dynamicForkTasksInputParamName  dynamicForkTasksInputParamName is required for FORK_JOIN_DYNAMIC tasks unless inputParameters.forkTaskInputs or dynamicForkJoinTasksParam is used; name the input parameter that holds each forked task's input",
        'warning fork_without_join tasks[0].type  warning: a FORK_JOIN_DYNAMIC task must be followed by a JOIN task, but nothing follows it; Conductor accepts the definition but fails the workflow when it reaches the fork. Add a JOIN right after it',
      ]);
      expect(validateWorkflowDef(wf(t('dyn', { type: 'FORK_JOIN_DYNAMIC', inputParameters: { forkTaskInputs: [] } }), t('j', { type: 'JOIN' })))).toEqual([]);
    });

    it('FORK_JOIN_DYNAMIC cannot mix the legacy and the classic form', () => {
      const def = wf(t('dyn', { type: 'FORK_JOIN_DYNAMIC', dynamicForkJoinTasksParam: 'p', dynamicForkTasksParam: 'q' }), t('j', { type: 'JOIN' }));

      expect(check(def)).toEqual([
        'error conflicting_fields tasks[0].dynamicForkJoinTasksParam  dynamicForkJoinTasksParam cannot be combined with dynamicForkTasksParam or dynamicForkTasksInputParamName; use one form',
      ]);
    });

    it('HTTP needs http_request, or uri/method, or a TaskDef inputTemplate with http_request', () => {
      expect(check(wf(t('h', { type: 'HTTP', inputParameters: { body: {} } })))).toEqual([
        'error missing_field tasks[0].inputParameters  inputParameters.http_request is required for HTTP tasks (or uri and method directly in inputParameters)',
      ]);
      expect(validateWorkflowDef(wf(t('h', { type: 'HTTP', inputParameters: { uri: 'http://x', method: 'GET' } })))).toEqual([]);
      const registered = new Map<string, TaskDef>([['h', { name: 'h', inputTemplate: { http_request: { uri: 'http://x', method: 'GET' } } }]]);
      expect(check(wf(t('h', { type: 'HTTP' })), registered)).toEqual([]);
    });

    it('KAFKA_PUBLISH needs kafka_request and JSON_JQ_TRANSFORM needs queryExpression', () => {
      expect(check(wf(t('k', { type: 'KAFKA_PUBLISH' }), t('jq', { type: 'JSON_JQ_TRANSFORM', taskDefinition: { name: 'jq', inputTemplate: {} } })))).toEqual([
        'error missing_field tasks[0].inputParameters  inputParameters.kafka_request is required for KAFKA_PUBLISH tasks',
        'error missing_field tasks[1].inputParameters  inputParameters.queryExpression is required for JSON_JQ_TRANSFORM tasks, e.g. ".items | length"',
      ]);
    });

    it('EVENT needs a sink', () => {
      expect(check(wf(t('e', { type: 'EVENT' })))).toEqual([
        'error missing_field tasks[0].sink  sink is required for EVENT tasks; set it to "conductor", "conductor:<queue>" or a queue such as "sqs:<queue>"',
      ]);
    });

    it('TERMINATE needs a literal terminationStatus and cannot be optional', () => {
      const def = wf(t('end', { type: 'TERMINATE', optional: true, inputParameters: { terminationStatus: '${workflow.input.s}' } }));

      expect(check(def)).toEqual([
        'error constraint tasks[0].optional  a TERMINATE task cannot be optional; remove "optional": true',
        'error invalid_termination_status tasks[0].inputParameters.terminationStatus  expected "COMPLETED", "FAILED" or "TERMINATED", got a string ("${workflow.input.s}"); Conductor accepts only a literal status here, not an expression',
      ]);
    });

    it('TERMINATE with TERMINATED is fine', () => {
      expect(validateWorkflowDef(wf(t('end', { type: 'TERMINATE', inputParameters: { terminationStatus: 'TERMINATED' } })))).toEqual([]);
    });

    it('WAIT cannot have both duration and until', () => {
      const def = wf(t('w', { type: 'WAIT', inputParameters: { duration: '5s', until: '2030-01-01 00:00' } }), t('ok', { type: 'WAIT', inputParameters: { duration: '5s', until: ' ' } }));

      expect(check(def)).toEqual(['error conflicting_fields tasks[0].inputParameters  set either inputParameters.duration or inputParameters.until, not both']);
    });

    it('SUB_WORKFLOW needs subWorkflowParam with a name or a definition', () => {
      expect(check(wf(t('c', { type: 'SUB_WORKFLOW' }), t('d', { type: 'SUB_WORKFLOW', subWorkflowParam: { version: 1 } })))).toEqual([
        "error missing_field tasks[0].subWorkflowParam  subWorkflowParam is required for SUB_WORKFLOW tasks; give it the child workflow's name (and version) or an inline workflowDefinition",
        'error missing_field tasks[1].subWorkflowParam  subWorkflowParam needs a name or a workflowDefinition; Conductor cannot start a child workflow without one',
      ]);
    });

    it('SUB_WORKFLOW with an expression name needs a version', () => {
      expect(check(wf(t('c', { type: 'SUB_WORKFLOW', subWorkflowParam: { name: '${workflow.input.child}' } })))).toEqual([
        'error missing_field tasks[0].subWorkflowParam.version  a version is required here: without one Conductor looks up the latest definition of the literal name "${workflow.input.child}" when the workflow starts, and refuses to start it',
      ]);
    });

    it('SUB_WORKFLOW with an expression definition and no name needs a version', () => {
      expect(check(wf(t('c', { type: 'SUB_WORKFLOW', subWorkflowParam: { workflowDefinition: '${workflow.input.def}' } })))).toEqual([
        'error missing_field tasks[0].subWorkflowParam.version  a version is required here: without one Conductor looks up the latest definition of a missing name when the workflow starts, and refuses to start it',
      ]);
      expect(validateWorkflowDef(wf(t('c', { type: 'SUB_WORKFLOW', subWorkflowParam: { workflowDefinition: '${workflow.input.def}', version: 1 } })))).toEqual([]);
    });

    it('SUB_WORKFLOW workflowDefinition strings must be expressions', () => {
      expect(check(wf(t('c', { type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'x', version: 1, workflowDefinition: 'child_wf' } })))).toEqual([
        'error invalid_value tasks[0].subWorkflowParam.workflowDefinition  expected an inline workflow definition or a "${...}" expression, got a string ("child_wf"); to start a registered workflow by name use subWorkflowParam.name',
      ]);
    });

    it('checks an inline sub-workflow definition as a workflow of its own', () => {
      const child = wf(t('x'), t('x', { inputParameters: { v: '${parent_task.output}' } }));
      const def = wf(t('parent_task'), t('c', { type: 'SUB_WORKFLOW', subWorkflowParam: { workflowDefinition: child } }));

      expect(check(def)).toEqual([
        'error duplicate_ref tasks[1].subWorkflowParam.workflowDefinition.tasks[1].taskReferenceName  taskReferenceName "x" is already used at tasks[1].subWorkflowParam.workflowDefinition.tasks[0].taskReferenceName; references must be unique across the whole workflow, rename one of them',
        'error unknown_ref tasks[1].subWorkflowParam.workflowDefinition.tasks[1].inputParameters.v  "${parent_task.output}" refers to "parent_task", which is neither "workflow" nor a taskReferenceName of this workflow',
      ]);
    });

    it('startDelay must not be negative', () => {
      expect(check(wf(t('a', { startDelay: -5 })))).toEqual(['error constraint tasks[0].startDelay  expected an integer >= 0, got a number (-5)']);
    });

    it('gives warnings, not errors, for the rules inside a loop body, which Conductor does not validate', () => {
      const def = wf(t('loop', { type: 'DO_WHILE', loopCondition: '', loopOver: [t('end', { type: 'TERMINATE', inputParameters: { terminationStatus: '${workflow.input.s}' } })] }));

      expect(check(def)).toEqual([
        'warning invalid_termination_status tasks[0].loopOver[0].inputParameters.terminationStatus  warning: expected "COMPLETED", "FAILED" or "TERMINATED", got a string ("${workflow.input.s}"); Conductor accepts only a literal status here, not an expression (Conductor does not validate tasks inside loopOver, but a run fails or misbehaves here)',
      ]);
    });

    it('warns about a JOIN waiting for a ref that does not exist', () => {
      const def = wf(t('fork', { type: 'FORK_JOIN', forkTasks: [[t('left')], [t('right')]] }), t('join', { type: 'JOIN', joinOn: ['left', 'rigth'] }));

      expect(check(def)).toEqual([
        'warning unknown_join_ref tasks[1].joinOn[1]  warning: joinOn names "rigth", which is not a taskReferenceName of this workflow, so the JOIN can never see it finish (did you mean "right"?)',
      ]);
    });

    it('warns about EXCLUSIVE_JOIN joinOn and defaultExclusiveJoinTask refs that do not exist', () => {
      const def = wf(
        t('d', { type: 'DECISION', caseValueParam: 'k', decisionCases: { a: [t('left')] }, defaultCase: [t('right')] }),
        t('xj', { type: 'EXCLUSIVE_JOIN', joinOn: ['left', 'nowhere'], defaultExclusiveJoinTask: ['rigth'] }),
      );

      expect(check(def)).toEqual([
        'warning unknown_join_ref tasks[1].joinOn[1]  warning: joinOn names "nowhere", which is not a taskReferenceName of this workflow, so the EXCLUSIVE_JOIN can never see it finish',
        'warning unknown_join_ref tasks[1].defaultExclusiveJoinTask[0]  warning: defaultExclusiveJoinTask names "rigth", which is not a taskReferenceName of this workflow, so the EXCLUSIVE_JOIN can never see it finish (did you mean "right"?)',
      ]);
    });

    it('does not check the joinOn of the JOIN behind a dynamic fork', () => {
      const def = wf(t('dyn', { type: 'FORK_JOIN_DYNAMIC', inputParameters: { forkTaskInputs: [] } }), t('join', { type: 'JOIN', joinOn: ['_task_0'] }));

      expect(validateWorkflowDef(def)).toEqual([]);
    });
  });

  describe('workflow fields', () => {
    it('schemaVersion must be 2', () => {
      expect(check({ ...wf(t('a')), schemaVersion: 1 })).toEqual([
        'error constraint schemaVersion  expected 2 (the only schemaVersion Conductor accepts), got a number (1); set it to 2 or leave it out',
      ]);
    });

    it('timeoutPolicy must be TIME_OUT_WF or ALERT_ONLY', () => {
      const def = { ...wf(t('a')), timeoutPolicy: 'RETRY' } as unknown as WorkflowDef;

      expect(check(def)).toEqual(['error invalid_value timeoutPolicy  expected "TIME_OUT_WF" or "ALERT_ONLY", got a string ("RETRY")']);
    });

    it('warns about an embedded taskDefinition that Conductor would reject at registration', () => {
      const def = wf(t('a', { taskDefinition: { name: 'a', timeoutSeconds: 60 } }));

      expect(check(def)).toEqual([
        'warning constraint tasks[0].taskDefinition.responseTimeoutSeconds  warning: responseTimeoutSeconds (3600, the default) must not exceed timeoutSeconds (60); set responseTimeoutSeconds to at most 60 (Conductor does not validate an embedded taskDefinition, but rejects such a TaskDef at registration)',
      ]);
    });
  });
});
