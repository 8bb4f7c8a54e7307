import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../../src/definitions/internal/suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('HTTP', 'HTTPS')).toBe(1);
    expect(editDistance('WAIT', 'MAIL')).toBe(2);
    expect(editDistance('', 'JOIN')).toBe(4);
  });

  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('SWTICH', 'SWITCH')).toBe(1);
  });
});

describe('closest', () => {
  it('returns the nearest candidate within the limit, ignoring case', () => {
    expect(closest('complete', ['FAILED', 'COMPLETED'], 3)).toBe('COMPLETED');
  });

  it('returns undefined when every candidate is too far', () => {
    expect(closest('shipping', ['charge', 'notify'], 2)).toBeUndefined();
  });

  it('breaks ties by candidate order', () => {
    expect(closest('ab', ['aa', 'bb'], 1)).toBe('aa');
  });
});

describe('didYouMean', () => {
  it('formats a suggestion or nothing', () => {
    expect(didYouMean('HTTP')).toBe(' (did you mean "HTTP"?)');
    expect(didYouMean(undefined)).toBe('');
  });
});
