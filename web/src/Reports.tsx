// Reports for moderators: every report with its status, newest first, and a bulk upload (a CSV or JSON file, as a
// trusted flagger sends its list) that files them through the bulk intake and answers the tracking id.
import { useEffect, useState, type FormEvent } from 'react';
import { api, send } from './api';

interface ReportRow {
  id: string;
  status: string;
  reporter: { kind: string; id: string };
  item: { id: string; url?: string };
  reason: string;
  bulkId?: string;
  reportedAt: string;
}
interface Intake {
  id: string;
  reports: number;
  page: string;
}
interface BulkDocument {
  posts: { itemId: string; url: string | null; reason: string; status: string }[];
}

const STATUS_TEXT: Record<string, string> = { received: 'Received', in_review: 'In review', actioned: 'Removed', no_violation: 'No violation found' };
const PAGE = 50;

/** A JSON file may be the API's body ({"reports": [...]}) or just the list; the form names the reporter if it does not. */
function jsonBody(text: string, reporter: { kind: string; id: string }): unknown {
  const parsed: unknown = JSON.parse(text);
  const body = Array.isArray(parsed) ? { reports: parsed } : (parsed as Record<string, unknown>);
  return body.reporter ? body : { ...body, reporter };
}

export function Reports() {
  const [reports, setReports] = useState<{ reports: ReportRow[]; total: number } | null>(null);
  const [offset, setOffset] = useState(0);
  const [problem, setProblem] = useState('');
  const [kind, setKind] = useState('trusted_flagger');
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [intake, setIntake] = useState<{ answer: Intake; posts: BulkDocument['posts'] } | null>(null);

  const load = (from = offset) => api<{ reports: ReportRow[]; total: number }>('GET', `/v1/reports?limit=${PAGE}&offset=${from}`).then(setReports, (error: Error) => setProblem(error.message));
  useEffect(() => void load(offset), [offset]);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    setProblem('');
    if (!file) return setProblem('Choose a CSV or JSON file.');
    try {
      const text = await file.text();
      const reporter = { kind, id: name.trim() };
      const csv = !/\.json$/i.test(file.name) && !/json/.test(file.type);
      const answer = csv
        ? await send<Intake>('POST', `/v1/reports/bulk?reporter_kind=${encodeURIComponent(kind)}&reporter_id=${encodeURIComponent(reporter.id)}`, text, 'text/csv')
        : await api<Intake>('POST', '/v1/reports/bulk', jsonBody(text, reporter));
      const document = await api<BulkDocument>('GET', `/v1/reports/bulk/${answer.id}`);
      setIntake({ answer, posts: document.posts });
      setOffset(0);
      await load(0);
    } catch (error) {
      setProblem(error instanceof SyntaxError ? `The file is not valid JSON: ${error.message}` : (error as Error).message);
    }
  };

  return (
    <main className="dashboard reports">
      <form className="card create" onSubmit={upload}>
        <h3>Bulk report</h3>
        <select name="reporterKind" value={kind} onChange={(event) => setKind(event.target.value)}>
          <option value="trusted_flagger">Trusted flagger</option>
          <option value="authority">Authority</option>
          <option value="user">User</option>
        </select>
        <input name="reporterId" placeholder="Reported by (e.g. Hosting Provider Abuse Desk)" value={name} onChange={(event) => setName(event.target.value)} required />
        <input name="file" type="file" accept=".csv,.json,text/csv,application/json" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
        <button type="submit" className="primary">
          Upload
        </button>
        <p className="hint">CSV: a header row naming item_id and/or url, reason, details. JSON: a list of {'{"item": {"id"} or {"url"}, "reason", "details"?}'}.</p>
      </form>
      {problem && <p className="problem">{problem}</p>}
      {intake && (
        <section className="card intake">
          <h3>
            Tracking id <code>{intake.answer.id}</code>
          </h3>
          <p>
            {intake.answer.reports} posts reported.{' '}
            <a href={intake.answer.page} target="_blank" rel="noreferrer">
              Open the bulk report page
            </a>
          </p>
          <table>
            <tbody>
              {intake.posts.map((post) => (
                <tr key={post.itemId}>
                  <td>
                    <code>{post.itemId}</code>
                  </td>
                  <td>{post.reason}</td>
                  <td>{STATUS_TEXT[post.status] ?? post.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="card">
        <h3>Reports{reports ? ` (${reports.total})` : ''}</h3>
        {!reports ? (
          <p>Loading…</p>
        ) : (
          <table className="report-list">
            <thead>
              <tr>
                <th>Post</th>
                <th>Reason</th>
                <th>Reported by</th>
                <th>Status</th>
                <th>Reported</th>
              </tr>
            </thead>
            <tbody>
              {reports.reports.map((report) => (
                <tr key={report.id} data-report={report.id}>
                  <td>
                    <code>{report.item.id}</code>
                  </td>
                  <td>{report.reason}</td>
                  <td>
                    {report.reporter.id} ({report.reporter.kind.replace('_', ' ')})
                  </td>
                  <td>{STATUS_TEXT[report.status] ?? report.status}</td>
                  <td>{new Date(report.reportedAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {reports && (
          <p className="actions">
            <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Newer
            </button>
            <button disabled={offset + PAGE >= reports.total} onClick={() => setOffset(offset + PAGE)}>
              Older
            </button>
          </p>
        )}
      </section>
    </main>
  );
}
