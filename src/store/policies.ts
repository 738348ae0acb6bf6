// The policy history: every version ever activated, with its YAML as uploaded. The active policy is the latest.
import { VigilError } from '../domain/errors.js';
import type { SqlExecutor } from './driver.js';

export interface StoredPolicy {
  version: string;
  name: string;
  yaml: string;
  uploadedBy: string | null;
  activatedAt: Date;
}

interface PolicyRow {
  version: string;
  name: string;
  yaml: string;
  uploaded_by: string | null;
  created_at: Date;
}

const toPolicy = (row: PolicyRow): StoredPolicy => ({
  version: row.version,
  name: row.name,
  yaml: row.yaml,
  uploadedBy: row.uploaded_by,
  activatedAt: row.created_at,
});

export class PolicyRepository {
  constructor(private readonly db: SqlExecutor) {}

  async active(): Promise<StoredPolicy | undefined> {
    const [row] = await this.db.query<PolicyRow>('SELECT version, name, yaml, uploaded_by, created_at FROM policies ORDER BY seq DESC LIMIT 1');
    return row ? toPolicy(row) : undefined;
  }

  /** Newest first, without the YAML. */
  async history(limit = 100): Promise<Omit<StoredPolicy, 'yaml'>[]> {
    const rows = await this.db.query<PolicyRow>('SELECT version, name, uploaded_by, created_at FROM policies ORDER BY seq DESC LIMIT $1', [limit]);
    return rows.map((row) => {
      const { yaml: _yaml, ...rest } = toPolicy({ ...row, yaml: '' });
      return rest;
    });
  }

  /**
   * Activates a policy version. Versions are immutable: re-uploading the active version with the same YAML changes
   * nothing, and reusing a version string for different YAML is a conflict (bump `version` instead).
   */
  async activate(version: string, name: string, yaml: string, uploadedBy: string | null): Promise<{ policy: StoredPolicy; changed: boolean }> {
    const [existing] = await this.db.query<PolicyRow>('SELECT version, name, yaml, uploaded_by, created_at FROM policies WHERE version = $1', [version]);
    if (existing) {
      const active = await this.active();
      if (existing.yaml === yaml && active?.version === version) return { policy: toPolicy(existing), changed: false };
      throw new VigilError(
        'E_POLICY_CONFLICT',
        existing.yaml === yaml
          ? `policy version "${version}" was active before; give the policy a new version to activate it again`
          : `policy version "${version}" already exists with different content; give the new policy a new version`,
        409,
      );
    }
    const [row] = await this.db.query<PolicyRow>(
      'INSERT INTO policies (version, name, yaml, uploaded_by) VALUES ($1, $2, $3, $4) RETURNING version, name, yaml, uploaded_by, created_at',
      [version, name, yaml, uploadedBy],
    );
    return { policy: toPolicy(row), changed: true };
  }
}
