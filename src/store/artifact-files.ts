import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CoplayError } from '../errors.ts';

/** Version names become file names, so they are restricted to a safe alphabet. */
const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Model artifacts on disk, one immutable file per version. Writes go to a temporary file in the same folder
 * and are renamed into place, so a reader sees either no artifact or a whole one, never half of one.
 */
export class ArtifactFiles {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  pathOf(version: string): string {
    if (!VERSION_PATTERN.test(version))
      throw new RangeError(`"${version}" is not a valid model version name`);
    return join(this.dir, `${version}.coplay-model`);
  }

  async write(version: string, bytes: Uint8Array): Promise<string> {
    const path = this.pathOf(version);
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.${version}.${randomUUID()}.tmp`);
    try {
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return path;
  }

  async read(version: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.pathOf(version)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new CoplayError('ARTIFACT_NOT_FOUND', `no artifact file for model ${version} in ${this.dir}`);
      }
      throw error;
    }
  }

  async remove(version: string): Promise<void> {
    await rm(this.pathOf(version), { force: true });
  }
}
