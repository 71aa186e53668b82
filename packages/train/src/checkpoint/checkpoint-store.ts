import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '@bcos/backend/node';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { SlottedOptimizer } from '../optim/slotted-optimizer';
import { verifyChecksums, writeChecksums } from './checksums';
import { loadWeightsInto, saveModel } from './model-weights';
import { loadOptimizerState, saveOptimizerState, type VariableNames } from './optimizer-state';
import { publishDirectory, recoverPublished } from './publish-directory';

const LATEST = 'latest.json';
const STATE = 'state.json';
const PREFIX = 'checkpoint-';

export interface CheckpointParts {
  model: LayersModel;
  optimizer: SlottedOptimizer;
  names: VariableNames;
}

/**
 * Checkpoints in `directory`: each one a folder `checkpoint-e<epoch>-s<step>` with the model
 * (model.json, weights.bin), optimizer state and `state.json`, published atomically; `latest.json`
 * names the newest complete one and is rewritten (atomically) only after it exists, so a crash at
 * any point leaves the previous good checkpoint in place. The newest `keep` folders are kept.
 */
export class CheckpointStore<State> {
  constructor(
    readonly directory: string,
    private readonly keep = 2,
  ) {
    if (!Number.isInteger(keep) || keep < 1)
      throw new Error(`checkpoint: keep must be a positive integer, got ${keep}`);
  }

  async save(
    parts: CheckpointParts,
    state: State,
    position: { epoch: number; step: number },
  ): Promise<string> {
    const name = `${PREFIX}e${String(position.epoch).padStart(4, '0')}-s${String(position.step).padStart(8, '0')}`;
    const path = join(this.directory, name);
    await publishDirectory(path, async (fresh) => {
      await saveModel(parts.model, fresh);
      await saveOptimizerState(parts.optimizer, parts.names, fresh);
      await writeFileAtomic(join(fresh, STATE), JSON.stringify(state));
      await writeChecksums(fresh);
    });
    await writeFileAtomic(join(this.directory, LATEST), JSON.stringify({ checkpoint: name }));
    await this.prune(name);
    return path;
  }

  /** The newest complete checkpoint, or undefined when there is none. */
  async latest(): Promise<{ path: string; state: State } | undefined> {
    let pointer: { checkpoint?: unknown };
    try {
      pointer = JSON.parse(await readFile(join(this.directory, LATEST), 'utf8'));
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw new Error(`${join(this.directory, LATEST)}: ${(error as Error).message}`);
    }
    if (typeof pointer.checkpoint !== 'string')
      throw new Error(`${join(this.directory, LATEST)} does not name a checkpoint`);
    return this.at(join(this.directory, pointer.checkpoint));
  }

  /** The checkpoint in folder `path` (one of this store's or any other). */
  async at(path: string): Promise<{ path: string; state: State }> {
    await verifyChecksums(path).catch((error: Error) => {
      throw new Error(`${error.message}; resume from another checkpoint of ${this.directory}`);
    });
    const file = join(path, STATE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new Error(
        code === 'ENOENT'
          ? `${file}: not found; is ${path} a checkpoint?`
          : `${file}: ${(error as Error).message}`,
      );
    }
    try {
      return { path, state: JSON.parse(text) as State };
    } catch (error) {
      throw new Error(
        `${file} is damaged (${(error as Error).message}); resume from another checkpoint of ${this.directory}`,
      );
    }
  }

  /** Why there is nothing to resume: no latest.json, naming the checkpoints that are there. */
  async nothingToResume(): Promise<string> {
    const found = await this.list();
    const pointer = join(this.directory, LATEST);
    if (found.length === 0)
      return `resume: ${this.directory} holds no checkpoint to resume (no ${LATEST}); train without resume to start a new run`;
    return (
      `resume: ${pointer} is missing, but ${this.directory} holds ${found.map((c) => basename(c.path)).join(', ')}; ` +
      `resume from one by its path (resume: '<path>', bcos-train --resume-from <path>), or train without resume to start over`
    );
  }

  /** Removes what a killed process left half-written (see `recoverPublished`); returns those names. */
  recover(): Promise<string[]> {
    return recoverPublished(this.directory);
  }

  /** The complete checkpoints in the directory, oldest first (those whose state cannot be read left out). */
  async list(): Promise<{ path: string; state: State }[]> {
    const names = (await readdir(this.directory).catch(() => [] as string[]))
      .filter((n) => n.startsWith(PREFIX))
      .sort();
    const read = await Promise.all(
      names.map(async (name) => {
        const path = join(this.directory, name);
        const text = await readFile(join(path, STATE), 'utf8').catch(() => undefined);
        try {
          return text === undefined ? undefined : { path, state: JSON.parse(text) as State };
        } catch {
          return undefined;
        }
      }),
    );
    return read.filter((c) => c !== undefined);
  }

  async restore(path: string, parts: CheckpointParts): Promise<void> {
    await loadWeightsInto(parts.model, path);
    await loadOptimizerState(parts.optimizer, parts.names, path);
  }

  /** Replaces `<directory>/<name>` (e.g. the best model) atomically with the model and a JSON note. */
  async saveModelAs(name: string, model: LayersModel, note: unknown): Promise<string> {
    const path = join(this.directory, name);
    await publishDirectory(path, async (fresh) => {
      await saveModel(model, fresh);
      await writeFileAtomic(join(fresh, 'note.json'), JSON.stringify(note));
    });
    return path;
  }

  private async prune(newest: string): Promise<void> {
    const names = (await readdir(this.directory)).filter((n) => n.startsWith(PREFIX) && n !== newest).sort();
    const surplus = names.slice(0, Math.max(0, names.length - (this.keep - 1)));
    await Promise.all(surplus.map((n) => rm(join(this.directory, n), { recursive: true, force: true })));
  }
}
