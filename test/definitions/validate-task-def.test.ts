import { describe, expect, it } from 'vitest';
import { formatPath } from '../../src/errors/index.js';
import { validateTaskDef, type TaskDef } from '../../src/definitions/index.js';

const check = (def: TaskDef): string[] =>
  validateTaskDef(def).map((i) => `${i.severity} ${i.code} ${formatPath(i.path)}  ${i.message}`);

describe('validateTaskDef', () => {
  it('accepts the defaults', () => {
    expect(validateTaskDef({ name: 'charge' })).toEqual([]);
  });

  it('requires responseTimeoutSeconds, default 3600 included, not to exceed a positive timeoutSeconds', () => {
    expect(check({ name: 'charge', timeoutSeconds: 120 })).toEqual([
      'error constraint responseTimeoutSeconds  responseTimeoutSeconds (3600, the default) must not exceed timeoutSeconds (120); set responseTimeoutSeconds to at most 120',
    ]);
    expect(check({ name: 'charge', timeoutSeconds: 120, responseTimeoutSeconds: 300 })).toEqual([
      'error constraint responseTimeoutSeconds  responseTimeoutSeconds (300) must not exceed timeoutSeconds (120); set responseTimeoutSeconds to at most 120',
    ]);
    expect(validateTaskDef({ name: 'charge', timeoutSeconds: 120, responseTimeoutSeconds: 120 })).toEqual([]);
  });

  it('requires timeoutSeconds not to exceed a positive totalTimeoutSeconds', () => {
    expect(check({ name: 'charge', timeoutSeconds: 300, responseTimeoutSeconds: 10, totalTimeoutSeconds: 120 })).toEqual([
      'error constraint timeoutSeconds  timeoutSeconds (300) must not exceed totalTimeoutSeconds (120); lower timeoutSeconds or raise totalTimeoutSeconds',
    ]);
  });

  it('enforces the @Min ranges of TaskDef.java', () => {
    const def: TaskDef = {
      name: 'charge',
      retryCount: -1,
      responseTimeoutSeconds: 0,
      pollTimeoutSeconds: -1,
      backoffScaleFactor: 0,
      maxRetryDelaySeconds: -1,
      backoffJitterMs: -1,
      totalTimeoutSeconds: -1,
    };

    expect(check(def)).toEqual([
      'error constraint retryCount  expected an integer >= 0, got a number (-1)',
      'error constraint responseTimeoutSeconds  expected an integer >= 1, got a number (0)',
      'error constraint pollTimeoutSeconds  expected an integer >= 0, got a number (-1)',
      'error constraint backoffScaleFactor  expected an integer >= 1, got a number (0)',
      'error constraint maxRetryDelaySeconds  expected an integer >= 0, got a number (-1)',
      'error constraint backoffJitterMs  expected an integer >= 0, got a number (-1)',
      'error constraint totalTimeoutSeconds  expected an integer >= 0, got a number (-1)',
    ]);
  });
});
