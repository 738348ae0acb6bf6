// `npm run bench`: runs every benchmark module (bench/*.bench.ts) in turn. Each prints its own figures.
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const modules = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.bench.js'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

for (const file of modules) {
  console.log(`\n== ${file.replace('.bench.js', '')} ==`);
  const module = (await import(new URL(file, import.meta.url).href)) as { bench: () => Promise<void> | void };
  await module.bench();
}
