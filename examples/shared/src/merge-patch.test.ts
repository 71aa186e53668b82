import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch';

describe('mergePatch (RFC 7386)', () => {
  it('merges objects key by key, deletes on null and replaces everything else', () => {
    const target = { a: 'b', c: { d: 'e', f: 'g' }, list: [1, 2], keep: 1 };
    const patch = { a: 'z', c: { f: null, h: 1 }, list: [3] };
    expect(mergePatch(target, patch)).toEqual({ a: 'z', c: { d: 'e', h: 1 }, list: [3], keep: 1 });
  });

  it('replaces a non-object target and never changes its inputs', () => {
    const target = { a: { b: 1 } };
    expect(mergePatch(target, { a: { c: 2 } })).toEqual({ a: { b: 1, c: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
    expect(mergePatch([1], { a: 1 })).toEqual({ a: 1 });
    expect(mergePatch({ a: 1 }, 'x')).toBe('x');
  });
});
