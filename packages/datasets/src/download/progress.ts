export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

export interface Progress {
  /** A (re)started transfer: `done` bytes already there, of `total` (undefined when unknown). */
  start(done: number, total: number | undefined): void;
  add(bytes: number): void;
  finish(): void;
}

interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

const MB = 1024 * 1024;
const BAR_WIDTH = 30;

function megabytes(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

function describe(done: number, total: number | undefined, startedAt: number, startBytes: number): string {
  const seconds = (performance.now() - startedAt) / 1000;
  const rate = seconds > 0 ? (done - startBytes) / MB / seconds : 0;
  const amount = total ? `${megabytes(done)}/${megabytes(total)} MB` : `${megabytes(done)} MB`;
  return `${amount} ${rate.toFixed(1)} MB/s`;
}

/**
 * Download progress: a bar redrawn in place on a terminal, or a line per 10 % (or per 10 s when
 * the size is unknown) in logs.
 */
export function createProgress(label: string, mode: ProgressMode, output: Output = process.stderr): Progress {
  const style = mode === 'auto' ? (output.isTTY ? 'bar' : 'lines') : mode;
  let done = 0;
  let total: number | undefined;
  let startedAt = 0;
  let startBytes = 0;
  let lastDraw = 0;
  let lastStep = -1;
  const fraction = () => (total ? Math.min(1, done / total) : 0);
  const draw = () => {
    const filled = Math.round(fraction() * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
    const percent = total ? `${(fraction() * 100).toFixed(0).padStart(3)}%` : '';
    output.write(`\r${label} ${bar} ${percent} ${describe(done, total, startedAt, startBytes)}\x1b[K`);
  };
  const line = (force: boolean) => {
    const step = total ? Math.floor(fraction() * 10) : Math.floor((performance.now() - startedAt) / 10_000);
    if (!force && step === lastStep) return;
    lastStep = step;
    const percent = total ? `${(fraction() * 100).toFixed(0)}% ` : '';
    output.write(`${label}: ${percent}${describe(done, total, startedAt, startBytes)}\n`);
  };
  const report = (force: boolean) => {
    if (style === 'bar' && (force || performance.now() - lastDraw > 100)) {
      lastDraw = performance.now();
      draw();
    } else if (style === 'lines') line(force);
  };
  return {
    start(already, size) {
      done = already;
      total = size;
      startedAt = performance.now();
      startBytes = already;
      report(true);
    },
    add(bytes) {
      done += bytes;
      report(false);
    },
    finish() {
      if (style === 'bar') {
        draw();
        output.write('\n');
      } else if (style === 'lines' && lastStep !== 10) line(true);
    },
  };
}
