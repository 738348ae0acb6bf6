// The console speaks the same HTTP API as any tool, with the session cookie and the CSRF token (double submit).
export type Role = 'volunteer' | 'moderator' | 'admin';
export interface Account {
  id: string;
  name: string;
  role: Role;
}

export interface Reason {
  detector: string;
  rule: string;
  category: string;
  score: number;
  start: number;
  end: number;
  excerpt: string;
}

export interface CaseView {
  id: string;
  itemId: string;
  status: string;
  category: string;
  priority: number;
  openedAt: number;
  deadlineAt: number | null;
  leaseExpiresAt?: number;
  item: { text: string; author: string | null; reach: number | null };
  machine: { action: string; category: string; score: number; reasons: Reason[]; policyVersion: string } | null;
  authorContext: { removedPosts: number; recent: { itemId: string; excerpt: string }[] } | null;
  signals: number;
  history?: { id: number; kind: string; actor: string | null; at: number; data: Record<string, unknown> }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function csrfToken(): string {
  return document.cookie.match(/(?:^|;\s*)vigil_csrf=([^;]*)/)?.[1] ?? '';
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
}

/** Sends a body as it is, of the given type (a CSV upload). */
export async function send<T>(method: string, path: string, body: string | undefined, type: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = type;
  if (method !== 'GET') headers['x-csrf-token'] = decodeURIComponent(csrfToken());
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body });
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data?.error?.code ?? 'E_UNKNOWN', data?.error?.message ?? response.statusText);
  return data as T;
}
