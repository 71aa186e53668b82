import { describe, expect, it } from 'vitest';
import { formatDuration } from './format';
import { Progress } from './progress';

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 200, write: (text: string) => chunks.push(text) } };
}

describe('Progress', () => {
  it('redraws one bar line on a terminal with steps, img/s, ETA and the running loss', () => {
    let clock = 0;
    const { chunks, stream } = recorder(true);
    const progress = new Progress(stream, { now: () => clock });
    progress.start('epoch 1/2', 10);
    clock = 2000;
    progress.update({ step: 4, images: 128, loss: 1.25 });
    expect(chunks.at(-1)).toMatch(
      /^\repoch 1\/2 {2}\[#{10}\.{14}\] {2}4\/10 {2}64\.0 img\/s {2}ETA 0:03 {2}loss 1\.2500/,
    );
    progress.finish('epoch 1/2 done');
    expect(chunks.at(-1)).toBe('\repoch 1/2 done\x1b[K\n');
  });

  it('prints plain lines at most once per interval when not a terminal', () => {
    let clock = 0;
    const { chunks, stream } = recorder(false);
    const progress = new Progress(stream, { now: () => clock, plainIntervalSeconds: 10 });
    progress.start('epoch 1/1', 100);
    for (let step = 1; step <= 100; step++) {
      clock = step * 1000;
      progress.update({ step, images: step * 8 });
    }
    expect(chunks).toHaveLength(10);
    expect(chunks[0]).toBe('epoch 1/1  10/100  8.0 img/s  ETA 1:30  loss –\n');
    expect(chunks.every((c) => !c.includes('\r'))).toBe(true);
  });

  it('formats durations', () => {
    expect([formatDuration(5), formatDuration(75), formatDuration(3725), formatDuration(Number.NaN)]).toEqual(
      ['0:05', '1:15', '1:02:05', '?'],
    );
  });
});
