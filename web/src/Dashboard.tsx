// Queue health for moderators: backlog by category, oldest case, deadline breaches, throughput, reviewer quality.
import { useEffect, useState } from 'react';
import { api } from './api';
import { EnforcementFigures } from './Enforcement';

interface Backlog {
  waiting: number;
  oldestAgeMs: number;
  overdue: number;
}
interface DashboardData {
  at: string;
  byCategory: Record<string, Backlog>;
  open: number;
  escalated: number;
  decisionsLastHour: number;
  breachedLastHour: number;
  medianTimeToDecisionMs?: number;
  reviewers: { reviewerId: string; goldAnswered: number; goldAccuracy: number | null; votes: number; agreement: number | null }[];
}

const age = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`);
const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);

export function Dashboard() {
  const [data, setData] = useState<DashboardData | null>(null);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    const load = () => api<DashboardData>('GET', '/v1/dashboard').then(setData, (error: Error) => setProblem(error.message));
    void load();
    const timer = setInterval(load, 15_000);
    return () => clearInterval(timer);
  }, []);
  if (problem) return <main className="centre">{problem}</main>;
  if (!data) return <main className="centre">Loading…</main>;
  const overdue = Object.values(data.byCategory).reduce((sum, backlog) => sum + backlog.overdue, 0);
  const oldest = Math.max(...Object.values(data.byCategory).map((backlog) => backlog.oldestAgeMs));
  return (
    <main className="dashboard">
      <section className="tiles">
        <div className="card tile">
          <b>{data.open}</b> open
        </div>
        <div className="card tile">
          <b>{data.escalated}</b> escalated
        </div>
        <div className="card tile">
          <b>{age(oldest)}</b> oldest case
        </div>
        <div className={overdue > 0 ? 'card tile late' : 'card tile'}>
          <b>{overdue}</b> past deadline
        </div>
        <div className="card tile">
          <b>{data.decisionsLastHour}</b> decisions / hour
        </div>
        <div className="card tile">
          <b>{data.medianTimeToDecisionMs === undefined ? '–' : age(data.medianTimeToDecisionMs)}</b> median time to decision
        </div>
      </section>
      <section className="card">
        <h3>Queue by category</h3>
        <table>
          <thead>
            <tr>
              <th>Category</th>
              <th>Waiting</th>
              <th>Oldest</th>
              <th>Past deadline</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(data.byCategory).map(([category, backlog]) => (
              <tr key={category}>
                <td>{category}</td>
                <td>{backlog.waiting}</td>
                <td>{backlog.waiting ? age(backlog.oldestAgeMs) : '–'}</td>
                <td>{backlog.overdue}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">Decided late in the last hour: {data.breachedLastHour}</p>
      </section>
      <section className="card">
        <h3>Reviewers</h3>
        <table>
          <thead>
            <tr>
              <th>Reviewer</th>
              <th>Gold answered</th>
              <th>Gold accuracy</th>
              <th>Votes (24 h)</th>
              <th>Agreement</th>
            </tr>
          </thead>
          <tbody>
            {data.reviewers.map((reviewer) => (
              <tr key={reviewer.reviewerId}>
                <td>{reviewer.reviewerId}</td>
                <td>{reviewer.goldAnswered}</td>
                <td>{percent(reviewer.goldAccuracy)}</td>
                <td>{reviewer.votes}</td>
                <td>{percent(reviewer.agreement)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <EnforcementFigures />
    </main>
  );
}
