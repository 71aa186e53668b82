import { integerAtLeast } from '@bcos/backend';

/** Group count of group norms: gcd(32, width) by default, i.e. the usual 32 at the standard width 64. */
export function normGroups(groups: unknown, width: number, where: string): number {
  const checked = integerAtLeast(where, 'groups', groups ?? gcd(32, width), 1);
  if (width % checked !== 0) {
    throw new Error(`${where}: groups (${checked}) must divide every stage's channels (width ${width})`);
  }
  return checked;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
