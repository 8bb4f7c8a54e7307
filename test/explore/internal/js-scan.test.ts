import { describe, it, expect } from 'vitest';

import { scanScript } from '../../../src/explore/internal/js-scan.js';

describe('scanScript', () => {
  it('finds the paths read from $ and the literals compared with them', () => {
    expect(scanScript("$.score >= 80 ? 'high' : ($.score >= 40 ? 'medium' : 'low')")).toEqual({
      paths: [['score']],
      literals: [80, 'high', 40, 'medium', 'low'],
    });
  });

  it('reads bracket and dot segments, and keeps bracket keys out of the literals', () => {
    expect(scanScript("if ($.loop['iteration'] < $.order.items.length) { true; } else { false; }")).toEqual({
      paths: [['loop', 'iteration'], ['order', 'items', 'length']],
      literals: [true, false],
    });
  });

  it('ignores comments, identifiers that merely contain $ and numbers inside names', () => {
    expect(scanScript('// $.nope == 1\nvar a$b = x2; /* $.no */ $["kind"] === "b2b" && v1 > 3.5')).toEqual({
      paths: [['kind']],
      literals: ['b2b', 3.5],
    });
  });

  it('returns nothing for an empty script', () => {
    expect(scanScript('')).toEqual({ paths: [], literals: [] });
  });
});
