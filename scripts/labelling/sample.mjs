// Draws the posts to be labelled by hand from ../shared/datasets/pool.jsonl and writes them, with their texts,
// into batch files OUTSIDE the repository (texts never enter the project; only ids and labels do).
// Deterministic: the same pool always yields the same sample.
// Usage: node scripts/labelling/sample.mjs [--pool FILE] [--out DIR] [--round 1|2|3]
// Round 3 scores the pool with model 1.1.0 and so needs a build (`npm run build`) and that model file (in git history
// once a newer model ships: `git show <commit>:models/violence.1.1.0.json > FILE`, then --model FILE).
import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    pool: { type: 'string', default: new URL('../../../shared/datasets/pool.jsonl', import.meta.url).pathname },
    out: { type: 'string', default: '/tmp/vigil-label' },
    round: { type: 'string', default: '1' },
    model: { type: 'string', default: new URL('../../models/violence.1.1.0.json', import.meta.url).pathname },
  },
});

// Violent vocabulary used only to ENRICH the sample with posts worth labelling (both violent uses and hard negatives);
// the labels themselves come from people reading each post.
const violentVocabulary =
  /\b(kill\w*|shoot\w*|shot|hang\w*|murder\w*|die|dies|dead|death|execut\w*|bullets?|guns?|rifles?|bomb\w*|burn\w*|lynch\w*|rope|stab\w*|beat|beaten|punch\w*|war|fight\w*|blood\w*|traitors?|behead\w*|slaughter\w*|extermin\w*|wipe\w* out|firing squad|civil war|1776|tree of liberty|hunt\w*|destroy\w*|attack\w*|violen\w*|massacre\w*|armed|ammo)\b/i;

const rank = (id, salt) => createHash('sha256').update(salt + id).digest().readUInt32BE(0);
const byRank = (salt) => (a, b) => rank(a.id, salt) - rank(b.id, salt);

const posts = readFileSync(values.pool, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const chosen = new Map();
const take = (list, count, salt) => {
  for (const post of list.filter((p) => !chosen.has(p.id)).sort(byRank(salt)).slice(0, count)) chosen.set(post.id, post);
};
const source = (p) => p.id.split('-')[0];
const parler = posts.filter((p) => source(p) === 'parler');
const others = posts.filter((p) => source(p) !== 'parler');

take(parler.filter((p) => violentVocabulary.test(p.text)), 1600, 'parler-violent');
take(parler, 1900, 'parler-rest');
take(others.filter((p) => p.implicit_class === 'threatening'), 700, 'ih-threatening');
take(others.filter((p) => violentVocabulary.test(p.text)), 1200, 'others-violent');
take(others, 6000 - chosen.size, 'others-rest');
const firstRound = chosen.size;
if (values.round !== '1') {
  // Round 2, after round 1 showed where violations are: every remaining post with violent vocabulary from the
  // Implicit Hate, Davidson and Stormfront sets (6-10 % violating), plus Parler posts rated hateful (4 %).
  take(others.filter((p) => violentVocabulary.test(p.text) && !p.id.startsWith('ts-')), 4200, 'others-violent-2');
}

if (values.round === '3') {
  // Round 3, training split only (the dev split stays as rounds 1-2 made it, so dev figures stay comparable): every
  // Parler post not yet labelled (the platform the detector is judged on), plus every other post that model 1.1.0
  // scores >= 0.2 (active learning: round 2 found 15-25 % of such posts violating, against 1 % at random).
  const { normalize } = await import('../../dist/src/normalize/index.js');
  const { parseModel, predict, isDevPost } = await import('../../dist/src/detect/classifier/index.js');
  const model = parseModel(readFileSync(values.model, 'utf8'));
  const unlabelled = posts.filter((p) => !chosen.has(p.id) && !isDevPost(p.id));
  const round3 = [
    ...unlabelled.filter((p) => source(p) === 'parler'),
    ...unlabelled.filter((p) => source(p) !== 'parler' && predict(model, normalize(p.text)).violating >= 0.2),
  ].sort(byRank('order-3'));
  writeBatches(round3, 863, 11);
  writeSecondPass(round3, 'second-pass-3');
  process.exit(0);
}

function writeBatches(sample, batchSize, firstBatch) {
  mkdirSync(values.out, { recursive: true });
  for (let i = 0; i * batchSize < sample.length; i++) {
    const batch = sample.slice(i * batchSize, (i + 1) * batchSize);
    writeFileSync(`${values.out}/batch-${firstBatch + i}.jsonl`, batch.map((p) => JSON.stringify({ id: p.id, text: p.text })).join('\n') + '\n');
  }
  console.log(`sampled ${sample.length} posts into batches ${firstBatch}-${firstBatch + Math.ceil(sample.length / batchSize) - 1}`);
}

const rounds = { 1: [...chosen.values()].slice(0, firstRound), 2: [...chosen.values()].slice(firstRound) };
const sample = rounds[values.round].sort(byRank('order'));
const batchSize = values.round === '2' ? 1050 : 1000;
const firstBatch = values.round === '2' ? 7 : 1;
writeBatches(sample, batchSize, firstBatch);
if (values.round === '1') writeSecondPass(sample, 'second-pass');

/** A random 10 % of a round, to be labelled a second time, independently, to measure agreement. */
function writeSecondPass(sample, name) {
  const second = sample.filter((p) => rank(p.id, 'second-pass') % 10 === 0).sort(byRank('second-order'));
  writeFileSync(`${values.out}/${name}.jsonl`, second.map((p) => JSON.stringify({ id: p.id, text: p.text })).join('\n') + '\n');
  console.log(`${second.length} posts for ${name}`);
}
