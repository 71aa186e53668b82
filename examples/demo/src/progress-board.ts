import type { ExampleOutput } from '@bcos/example-shared';

/** What follows the last carriage return of a line, without "clear to end of line". */
function visible(text: string): string {
  return (text.split('\r').at(-1) ?? '').replaceAll('\x1b[K', '');
}

/**
 * Shows the output of several concurrent trainings on one terminal: finished lines scroll above,
 * prefixed with their job's label, and each job's live progress bar stays on its own line below.
 * Without a terminal, lines are passed through with their label.
 */
export class ProgressBoard {
  private readonly bars: string[];
  private readonly partial: string[];
  private drawn = 0;

  constructor(
    private readonly output: ExampleOutput,
    private readonly labels: readonly string[],
  ) {
    this.bars = labels.map(() => '');
    this.partial = labels.map(() => '');
  }

  private get terminal() {
    return this.output.progress?.isTTY === true ? this.output.progress : undefined;
  }

  /** Text job `job` printed: complete lines and, after a carriage return, its progress bar. */
  write(job: number, text: string): void {
    const lines = (this.partial[job] + text).split('\n');
    this.partial[job] = lines.pop() ?? '';
    for (const line of lines) this.line(job, visible(line));
    if (this.partial[job]!.includes('\r')) {
      this.bars[job] = visible(this.partial[job]!);
      this.partial[job] = '';
      this.redraw();
    }
  }

  /** Removes the bars (call when the jobs are done). */
  close(): void {
    this.bars.fill('');
    this.redraw();
  }

  private line(job: number, text: string): void {
    if (!text) return;
    if (this.bars[job]) this.bars[job] = '';
    this.erase();
    this.output.log(`${this.labels[job]}: ${text}`);
    this.draw();
  }

  private redraw(): void {
    this.erase();
    this.draw();
  }

  private erase(): void {
    if (this.drawn > 0) this.terminal?.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    const terminal = this.terminal;
    if (!terminal) return;
    const width = (terminal.columns ?? 120) - 1;
    for (const [job, bar] of this.bars.entries()) {
      if (!bar) continue;
      terminal.write(`${`${this.labels[job]}: ${bar}`.slice(0, width)}\n`);
      this.drawn++;
    }
  }
}
