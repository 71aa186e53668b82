import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as publicApi from './index';
import * as internalApi from './internal';

const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');

describe("@bcos/train's entries: the public API is the README's, the loop's parts are internal", () => {
  it('every value the public entry exports is named in the README', () => {
    const undocumented = Object.keys(publicApi).filter((name) => !new RegExp(`\\b${name}\\b`).test(readme));
    expect(undocumented).toEqual([]);
  });

  it('the internal entry shares no name with the public one', () => {
    expect(Object.keys(internalApi).filter((name) => name in publicApi)).toEqual([]);
    expect(Object.keys(internalApi)).toContain('CheckpointStore');
  });
});
