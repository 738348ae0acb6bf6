// Training works on a compact sparse matrix: only the hashed rows that occur in the training posts get a column, so
// the optimiser touches a few hundred thousand weights instead of the whole table.
import type { NormalizedText } from '../../normalize/index.js';
import { extractFeatures, FeatureBuffer, type FeatureConfig } from './features.js';

/** Posts as rows, in compressed sparse row form (a post's repeated features stay repeated; sums are the same). */
export interface SparseRows {
  rowStart: Int32Array;
  columns: Int32Array;
  values: Float32Array;
}

/** Maps hashed rows of the weight table to compact columns, in order of first appearance. */
export class Vocabulary {
  private columnOf = new Map<number, number>();
  hashedRows: number[] = [];

  get size(): number {
    return this.hashedRows.length;
  }

  column(row: number, grow: boolean): number {
    let column = this.columnOf.get(row);
    if (column === undefined && grow) {
      column = this.hashedRows.length;
      this.columnOf.set(row, column);
      this.hashedRows.push(row);
    }
    return column ?? -1;
  }

  /**
   * Drops the columns that occur in fewer than `minPosts` rows of `rows` (a feature seen in one post teaches nothing
   * that carries over, and costs time) and renumbers the rest. Returns the matrix without them.
   */
  prune(rows: SparseRows, minPosts: number): SparseRows {
    const postsWith = new Int32Array(this.size);
    const lastRow = new Int32Array(this.size).fill(-1);
    for (let i = 0; i + 1 < rows.rowStart.length; i++) {
      for (let j = rows.rowStart[i]; j < rows.rowStart[i + 1]; j++) {
        const column = rows.columns[j];
        if (lastRow[column] !== i) postsWith[column]++;
        lastRow[column] = i;
      }
    }
    const renumbered = new Int32Array(this.size).fill(-1);
    const kept: number[] = [];
    this.hashedRows.forEach((row, column) => {
      if (postsWith[column] < minPosts) return;
      renumbered[column] = kept.length;
      kept.push(row);
    });
    this.hashedRows = kept;
    this.columnOf = new Map(kept.map((row, column) => [row, column]));
    const rowStart = new Int32Array(rows.rowStart.length);
    const columns: number[] = [];
    const values: number[] = [];
    for (let i = 0; i + 1 < rows.rowStart.length; i++) {
      for (let j = rows.rowStart[i]; j < rows.rowStart[i + 1]; j++) {
        if (renumbered[rows.columns[j]] < 0) continue;
        columns.push(renumbered[rows.columns[j]]);
        values.push(rows.values[j]);
      }
      rowStart[i + 1] = columns.length;
    }
    return { rowStart, columns: Int32Array.from(columns), values: Float32Array.from(values) };
  }
}

/** Vectorises posts; with `grow` the vocabulary learns their features, otherwise unknown features are dropped. */
export function vectorize(posts: NormalizedText[], config: FeatureConfig, vocabulary: Vocabulary, grow: boolean): SparseRows {
  const rowStart = new Int32Array(posts.length + 1);
  const columns: number[] = [];
  const values: number[] = [];
  const features = new FeatureBuffer();
  posts.forEach((post, i) => {
    extractFeatures(post, config, features);
    for (let f = 0; f < features.count; f++) {
      const column = vocabulary.column(features.rows[f], grow);
      if (column < 0) continue;
      columns.push(column);
      values.push(features.values[f]);
    }
    rowStart[i + 1] = columns.length;
  });
  return { rowStart, columns: Int32Array.from(columns), values: Float32Array.from(values) };
}

/** The rows listed, as a matrix of their own. */
export function selectRows(matrix: SparseRows, rows: number[]): SparseRows {
  const rowStart = new Int32Array(rows.length + 1);
  let total = 0;
  rows.forEach((row, i) => {
    total += matrix.rowStart[row + 1] - matrix.rowStart[row];
    rowStart[i + 1] = total;
  });
  const columns = new Int32Array(total);
  const values = new Float32Array(total);
  rows.forEach((row, i) => {
    columns.set(matrix.columns.subarray(matrix.rowStart[row], matrix.rowStart[row + 1]), rowStart[i]);
    values.set(matrix.values.subarray(matrix.rowStart[row], matrix.rowStart[row + 1]), rowStart[i]);
  });
  return { rowStart, columns, values };
}
