// Where benchmarks find real posts: ../shared/datasets beside the project. Absent on a user's machine, so every
// benchmark that needs it says so and skips.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const POOL_PATH = fileURLToPath(new URL('../../../shared/datasets/pool.jsonl', import.meta.url));

export function loadPoolTexts(): string[] | undefined {
  if (!existsSync(POOL_PATH)) {
    console.log(`skipped: ${POOL_PATH} is absent (the shared datasets are not on this machine)`);
    return undefined;
  }
  return readFileSync(POOL_PATH, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
}
