// The embedded database must be opened by one process at a time. The server (and `vigil keys`) hold a lock file with
// their process id in the data directory; a lock left by a process that no longer runs (kill -9) is taken over.
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '../domain/errors.js';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds. A lock with our own pid that is not here was left by an earlier process that had
 * the same pid (common in containers, where the server is often process 1). */
const held = new Set<string>();

/** Takes the lock or throws E_DATA_DIR_LOCKED; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'vigil.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      held.add(path);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(path);
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      const ours = holder === process.pid;
      if (Number.isInteger(holder) && holder > 0 && (ours ? held.has(path) : running(holder))) {
        throw new VigilError(
          'E_DATA_DIR_LOCKED',
          `the data directory ${dataDir} is in use by process ${holder} (a running Vigil server?); stop it first, or use the HTTP API ` +
            `(POST /v1/keys). If no Vigil runs there, delete ${path}`,
        );
      }
      unlinkSync(path);
    }
  }
  throw new VigilError('E_DATA_DIR_LOCKED', `cannot lock the data directory ${dataDir}`);
}
