import { describe, expect, it } from 'vitest';
import { createProgress } from './progress';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, output: { write: (text: string) => writes.push(text), isTTY } };
}

describe('createProgress', () => {
  it('draws a bar in place on a terminal and ends the line when done', () => {
    const { writes, output } = recorder(true);
    const progress = createProgress('file.tar.gz', 'auto', output);
    progress.start(0, 4 * 1024 * 1024);
    progress.add(2 * 1024 * 1024);
    progress.finish();
    expect(writes[0]).toMatch(/^\rfile\.tar\.gz \[\.{30}\] {3}0% 0\.0\/4\.0 MB/);
    const half = writes.at(-2)!;
    expect(half).toMatch(/^\rfile\.tar\.gz \[#{15}\.{15}\] {2}50% 2\.0\/4\.0 MB [\d.]+ MB\/s/);
    expect(half.endsWith('\x1b[K')).toBe(true);
    expect(writes.at(-1)).toBe('\n');
  });

  it('prints one line per tenth in logs, counting a resumed start', () => {
    const { writes, output } = recorder(false);
    const progress = createProgress('f', 'auto', output);
    progress.start(300, 1000);
    for (let i = 0; i < 70; i++) progress.add(10);
    progress.finish();
    expect(writes.map((line) => line.split(' ')[1])).toEqual([
      '30%',
      '40%',
      '50%',
      '60%',
      '70%',
      '80%',
      '90%',
      '100%',
    ]);
  });

  it('prints nothing when told so', () => {
    const { writes, output } = recorder(true);
    const progress = createProgress('f', 'none', output);
    progress.start(0, 10);
    progress.add(10);
    progress.finish();
    expect(writes).toEqual([]);
  });
});
