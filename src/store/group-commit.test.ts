import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit.js';

describe('group commit', () => {
  it('writes what arrives during a write together in the next one, and resolves each caller after its write', async () => {
    const groups: number[][] = [];
    let release: () => void = () => {};
    const committer = new GroupCommit<number>(async (inputs) => {
      groups.push(inputs);
      if (groups.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = committer.submit(1);
    const rest = [2, 3, 4].map((n) => committer.submit(n));
    release();
    await Promise.all([first, ...rest]);
    assert.deepEqual(groups, [[1], [2, 3, 4]]);
    await committer.idle();
  });

  it('fails every caller of a failed write, and goes on with the next', async () => {
    let calls = 0;
    const committer = new GroupCommit<number>(async () => {
      calls++;
      if (calls === 1) throw new Error('disk full');
    });
    await assert.rejects(committer.submit(1), /disk full/);
    await committer.submit(2);
  });
});

describe('group commit by weight', () => {
  it('closes a group before it outweighs the limit, and sends an overweight input alone', async () => {
    const groups: number[][] = [];
    let release: () => void = () => {};
    const committer = new GroupCommit<number>(
      async (inputs) => {
        groups.push(inputs);
        if (groups.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      1,
      10,
      (n) => n,
    );
    const all = [1, 4, 5, 20, 3, 2].map((n) => committer.submit(n));
    release();
    await Promise.all(all);
    assert.deepEqual(groups, [[1], [4, 5], [20], [3, 2]]);
  });
});
