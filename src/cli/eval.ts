// `vigil eval`: measures Vigil's decisions on labelled posts (by default the dev split of data/labels) and compares
// them, on the same posts, with its model alone, its rules alone and the keyword filter a small platform would pick.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { createAssessor, loadDefaultPolicy, loadPolicy } from '../decide/index.js';
import { LABELS, type Label } from '../domain/decision.js';
import { VigilError } from '../domain/errors.js';
import { ClassifierDetector, isDevPost, loadModel, loadShippedModel } from '../detect/classifier/index.js';
import { cohensKappa, precisionRecallCurve } from '../detect/classifier/metrics.js';
import { defaultDetectors } from '../detect/default-detectors.js';
import { normalize } from '../normalize/index.js';
import { plotSvg } from './eval-plot.js';
import { evaluate, type Report, type Verdict } from './evaluation.js';
import { parseCommandArgs, type CommandIo } from './io.js';
import { goldLabels, readLabels, withTexts, type LabelSet } from './labelled-posts.js';

const USAGE = `Usage: vigil eval [--labels DIR|FILE] [--pool FILE] [--split dev|train|all] [--json] [--plot FILE]
                  [--policy FILE] [--model FILE] [--agreement]

  --labels     labels directory (ids + labels) or JSONL of {"id","text","label"}   (default data/labels)
  --pool       JSONL holding the texts of labelled ids       (default ../shared/datasets/pool.jsonl)
  --split      which posts: dev (default for id-only labels), train, or all (default when texts are given)
  --json       print the report as JSON
  --plot FILE  write the precision-recall curve and score histogram as SVG
  --policy     policy file (default: the built-in policy)
  --model      model file (default: the shipped model)
  --agreement  only report agreement (Cohen's kappa) between first and second-pass labels
`;

export async function runEval(args: string[], io: CommandIo): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const labels = readLabels(options.labels);
  if (options.agreement) return reportAgreement(labels, options.json, io);

  const gold = goldLabels(labels);
  const hasTexts = gold.every((r) => r.text !== undefined);
  const split = options.split ?? (hasTexts ? 'all' : 'dev');
  const chosen = gold.filter((r) => split === 'all' || (split === 'dev') === isDevPost(r.id));
  if (chosen.length === 0) throw new VigilError('E_UNREADABLE_INPUT', `no labelled posts in the ${split} split of ${options.labels}`);
  const posts = await withTexts(chosen, options.pool);

  const loaded = options.policy ? loadPolicy(options.policy) : loadDefaultPolicy();
  const model = options.model ? loadModel(options.model) : loadShippedModel();
  const assessors = [
    { name: `vigil (rules + model ${model.version})`, assessor: createAssessor(loaded.policy, defaultDetectors(loaded, model)) },
    { name: 'model alone', assessor: createAssessor(loaded.policy, [new ClassifierDetector(model, { explanations: 0 })]) },
    { name: 'rules alone', assessor: createAssessor(loaded.policy, [loaded.rules]) },
  ];
  const keywordFilter = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const normalized = posts.map((p) => normalize(p.text));
  const systems = [
    ...assessors.map(({ name, assessor }) => ({ name, verdicts: normalized.map((n): Verdict => assessor.assessNormalized(n)) })),
    {
      name: 'obscenity (keyword filter)',
      verdicts: posts.map((p): Verdict => {
        const hit = keywordFilter.hasMatch(p.text);
        return { action: hit ? 'remove' : 'allow', category: hit ? 'incitement' : 'none', score: hit ? 1 : 0 };
      }),
    },
  ];
  const report = evaluate(posts, systems);

  if (options.plot) {
    const violating = posts.map((p) => p.label !== 'none');
    const curves = systems.map(({ name, verdicts }) => ({ name, curve: precisionRecallCurve(verdicts.map((v) => v.score), violating) }));
    writeFileSync(options.plot, plotSvg(report, curves));
  }
  const context = { labels: options.labels, split, policy: loaded.policy.version, model: model.version };
  io.stdout.write(options.json ? JSON.stringify({ ...context, ...report, curve: undefined }, jsonNumber, 2) + '\n' : formatReport(report, context));
  if (options.plot && !options.json) io.stdout.write(`plot written to ${options.plot}\n`);
  return 0;
}

function reportAgreement(labels: LabelSet, json: boolean, io: CommandIo): number {
  const first = new Map(labels.first.map((r) => [r.id, r.label]));
  const pairs = labels.second.filter((r) => first.has(r.id)).map((r) => [first.get(r.id) as Label, r.label] as const);
  if (pairs.length === 0) throw new VigilError('E_UNREADABLE_INPUT', 'no post has both a first and a second-pass label (second-pass*.jsonl)');
  const violating = (label: Label) => label !== 'none';
  const agreementOf = (pairs: (readonly [Label, Label])[]) => ({
    posts: pairs.length,
    agreement: pairs.filter(([a, b]) => a === b).length / pairs.length,
    kappaViolating: cohensKappa(pairs.map(([a]) => violating(a)), pairs.map(([, b]) => violating(b))),
  });
  const secondLabellers = [...new Set(labels.second.map((r) => r.labeller))];
  const result = {
    ...agreementOf(pairs),
    kappaFourClass: cohensKappa(pairs.map(([a]) => a), pairs.map(([, b]) => b)),
    confusion: LABELS.map((a) => LABELS.map((b) => pairs.filter(([x, y]) => x === a && y === b).length)),
    bySecondLabeller: Object.fromEntries(
      secondLabellers.map((labeller) => [
        labeller,
        agreementOf(labels.second.filter((r) => r.labeller === labeller && first.has(r.id)).map((r) => [first.get(r.id) as Label, r.label] as const)),
      ]),
    ),
    adjudicated: labels.adjudicated.length,
  };
  if (json) {
    io.stdout.write(JSON.stringify(result, jsonNumber, 2) + '\n');
    return 0;
  }
  io.stdout.write(
    [
      `${result.posts} posts labelled twice, independently`,
      `raw agreement (4 labels):          ${percent(result.agreement)}`,
      `Cohen's kappa, violating vs not:   ${result.kappaViolating.toFixed(3)}`,
      `Cohen's kappa, 4 labels:           ${result.kappaFourClass.toFixed(3)}`,
      '',
      'first pass (rows) x second pass (columns)',
      matrix(result.confusion),
      '',
      ...Object.entries(result.bySecondLabeller).map(
        ([labeller, a]) => `${labeller}: ${a.posts} posts, agreement ${percent(a.agreement)}, kappa (violating) ${a.kappaViolating.toFixed(3)}`,
      ),
      `${result.adjudicated} disagreements decided by a third labeller (adjudicated*.jsonl)`,
      '',
    ].join('\n'),
  );
  return 0;
}

function formatReport(report: Report, context: { labels: string; split: string; policy: string; model: string }): string {
  const main = report.systems[0];
  const lines = [
    `${main.posts} posts (${main.violating} violating) from ${context.labels}, ${context.split} split; policy ${context.policy}, model ${context.model}`,
    '',
    'Violating vs not, on the same posts (flagged = review or remove):',
    table(
      ['system', 'ROC-AUC', 'PR-AUC', 'flag P', 'flag R', 'flag F1', 'remove P', 'remove R', 'benign flagged', 'benign Parler flagged'],
      report.systems.map((s) => [
        s.name,
        s.rocAuc.toFixed(3),
        s.prAuc.toFixed(3),
        percent(s.flagged.precision),
        percent(s.flagged.recall),
        percent(s.flagged.f1),
        percent(s.removed.precision),
        percent(s.removed.recall),
        percent(s.benignFlagged),
        percent(s.benignParlerFlagged),
      ]),
    ),
    '',
    `Per category (${main.name}; a post counts for the category Vigil decided):`,
    table(
      ['category', 'posts', 'ROC-AUC', 'PR-AUC', 'precision', 'recall', 'F1'],
      report.categories.map((c) => [c.category, String(c.posts), c.rocAuc.toFixed(3), c.prAuc.toFixed(3), percent(c.precision), percent(c.recall), percent(c.f1)]),
    ),
    '',
    'Confusion (label in rows, decision in columns; allowed = none):',
    matrix(report.confusion),
    '',
    `Thresholds on the score (${main.name}):`,
    table(
      ['flag at >=', 'precision', 'recall', 'benign flagged'],
      report.thresholds.map((t) => [t.threshold.toFixed(2), percent(t.precision), percent(t.recall), percent(t.benignFlagged)]),
    ),
    '',
  ];
  return lines.join('\n');
}

function matrix(counts: number[][]): string {
  return table(['', ...LABELS], LABELS.map((label, i) => [label, ...counts[i].map(String)]));
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function percent(value: number): string {
  return Number.isNaN(value) ? '-' : `${(value * 100).toFixed(1)}%`;
}

/** NaN (a measure with nothing to measure) becomes null in JSON rather than vanishing. */
function jsonNumber(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

interface EvalOptions {
  help: boolean;
  labels: string;
  pool?: string;
  split?: 'dev' | 'train' | 'all';
  json: boolean;
  plot?: string;
  policy?: string;
  model?: string;
  agreement: boolean;
}

function parseOptions(args: string[]): EvalOptions {
  const { values } = parseCommandArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      labels: { type: 'string' },
      pool: { type: 'string' },
      split: { type: 'string' },
      json: { type: 'boolean' },
      plot: { type: 'string' },
      policy: { type: 'string' },
      model: { type: 'string' },
      agreement: { type: 'boolean' },
    },
  }, USAGE);
  const split = values.split;
  if (split !== undefined && split !== 'dev' && split !== 'train' && split !== 'all') throw new VigilError('E_USAGE', `--split must be dev, train or all, not "${split}"`);
  const defaultPool = resolve('../shared/datasets/pool.jsonl');
  return {
    help: values.help ?? false,
    labels: values.labels ?? 'data/labels',
    pool: values.pool ?? (existsSync(defaultPool) ? defaultPool : undefined),
    split,
    json: values.json ?? false,
    plot: values.plot,
    policy: values.policy,
    model: values.model,
    agreement: values.agreement ?? false,
  };
}
