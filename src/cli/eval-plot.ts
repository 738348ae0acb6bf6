// `vigil eval --plot`: the precision-recall curve of each scored system and the histogram of Vigil's scores for
// violating and benign posts, as one self-contained SVG (no fonts or scripts to load).
import type { CurvePoint } from '../detect/classifier/metrics.js';
import type { Report } from './evaluation.js';

const PANEL = 360;
const MARGIN = 48;
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];

export function plotSvg(report: Report, curves: { name: string; curve: CurvePoint[] }[]): string {
  const width = MARGIN * 3 + PANEL * 2;
  const height = MARGIN * 2 + PANEL;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...precisionRecallPanel(curves, MARGIN, MARGIN),
    ...histogramPanel(report.histogram, MARGIN * 2 + PANEL, MARGIN),
    '</svg>',
  ];
  return parts.join('\n') + '\n';
}

function precisionRecallPanel(curves: { name: string; curve: CurvePoint[] }[], left: number, top: number): string[] {
  const x = (recall: number) => left + recall * PANEL;
  const y = (precision: number) => top + (1 - precision) * PANEL;
  const parts = [...axes(left, top, 'recall', 'precision', 'Precision-recall (violating vs not)')];
  curves.forEach(({ name, curve }, i) => {
    const colour = COLOURS[i % COLOURS.length];
    if (curve.length <= 2) {
      // A system that only says yes or no (a keyword filter) is one point, not a curve.
      const point = curve[0];
      if (point) parts.push(`<circle cx="${x(point.recall).toFixed(1)}" cy="${y(point.precision).toFixed(1)}" r="4" fill="${colour}"/>`);
    } else {
      const path = curve.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.recall).toFixed(1)},${y(p.precision).toFixed(1)}`).join(' ');
      parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
    }
    parts.push(`<rect x="${left + PANEL - 150}" y="${top + 8 + i * 16}" width="10" height="10" fill="${colour}"/>`);
    parts.push(`<text x="${left + PANEL - 135}" y="${top + 17 + i * 16}">${escape(name)}</text>`);
  });
  return parts;
}

function histogramPanel(histogram: Report['histogram'], left: number, top: number): string[] {
  const parts = [...axes(left, top, 'score', 'share of posts', 'Score histogram (each class sums to 1)')];
  const series = [
    { name: 'violating', counts: histogram.violating, colour: COLOURS[3] },
    { name: 'benign', counts: histogram.benign, colour: COLOURS[0] },
  ];
  const shares = series.map((s) => {
    const total = s.counts.reduce((a, b) => a + b, 0) || 1;
    return s.counts.map((c) => c / total);
  });
  const highest = Math.max(...shares.flat(), 1e-9);
  const binWidth = PANEL / histogram.bins;
  series.forEach((s, k) => {
    shares[k].forEach((share, bin) => {
      const barHeight = (share / highest) * PANEL;
      const x = left + bin * binWidth + (k * binWidth) / 2;
      parts.push(`<rect x="${x.toFixed(1)}" y="${(top + PANEL - barHeight).toFixed(1)}" width="${(binWidth / 2 - 1).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${s.colour}" fill-opacity="0.8"/>`);
    });
    parts.push(`<rect x="${left + PANEL - 110}" y="${top + 8 + k * 16}" width="10" height="10" fill="${s.colour}"/>`);
    parts.push(`<text x="${left + PANEL - 95}" y="${top + 17 + k * 16}">${s.name}</text>`);
  });
  parts.push(`<text x="${left + PANEL}" y="${top - 6}" text-anchor="end">top bar = ${(highest * 100).toFixed(0)}%</text>`);
  return parts;
}

function axes(left: number, top: number, xLabel: string, yLabel: string, title: string): string[] {
  const parts = [
    `<text x="${left}" y="${top - 20}" font-size="14">${escape(title)}</text>`,
    `<rect x="${left}" y="${top}" width="${PANEL}" height="${PANEL}" fill="none" stroke="#333"/>`,
    `<text x="${left + PANEL / 2}" y="${top + PANEL + 34}" text-anchor="middle">${xLabel}</text>`,
    `<text x="${left - 34}" y="${top + PANEL / 2}" text-anchor="middle" transform="rotate(-90 ${left - 34} ${top + PANEL / 2})">${yLabel}</text>`,
  ];
  for (let tick = 0; tick <= 10; tick += 2) {
    const fraction = tick / 10;
    parts.push(`<text x="${left + fraction * PANEL}" y="${top + PANEL + 16}" text-anchor="middle">${fraction.toFixed(1)}</text>`);
    if (yLabel === 'precision') parts.push(`<text x="${left - 6}" y="${top + (1 - fraction) * PANEL + 4}" text-anchor="end">${fraction.toFixed(1)}</text>`);
    parts.push(`<line x1="${left + fraction * PANEL}" y1="${top}" x2="${left + fraction * PANEL}" y2="${top + PANEL}" stroke="#eee"/>`);
  }
  return parts;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
