// Appeals for reviewers: the pending appeals this reviewer may decide (never one against their own decision; account
// actions only for moderators), with the author's reasons, to uphold or reverse.
import { useEffect, useState } from 'react';
import { api } from './api';

interface Appeal {
  id: string;
  accountId: string;
  statement: string | null;
  createdAt: string;
  decision?: { subject: string; action: string; itemId: string | null; decidedAt: string };
}

export function Appeals() {
  const [appeals, setAppeals] = useState<Appeal[] | null>(null);
  const [problem, setProblem] = useState('');
  const load = () => api<{ appeals: Appeal[] }>('GET', '/v1/appeals').then((answer) => setAppeals(answer.appeals), (error: Error) => setProblem(error.message));
  useEffect(() => void load(), []);
  const decide = async (appeal: Appeal, outcome: 'upheld' | 'reversed') => {
    setProblem('');
    try {
      await api('POST', `/v1/appeals/${appeal.id}/decision`, { outcome });
    } catch (error) {
      setProblem((error as Error).message);
    }
    await load();
  };
  if (!appeals) return <main className="centre">{problem || 'Loading…'}</main>;
  return (
    <main className="dashboard appeals">
      {problem && <p className="problem">{problem}</p>}
      {appeals.length === 0 && <p className="centre">No appeals waiting for you.</p>}
      {appeals.map((appeal) => (
        <section className="card appeal" key={appeal.id} data-appeal={appeal.id}>
          <h3>
            {appeal.accountId} appeals {appeal.decision ? `${appeal.decision.action} of ${appeal.decision.subject === 'post' ? `post ${appeal.decision.itemId}` : 'their account'}` : 'a decision'}
          </h3>
          <p>{appeal.statement ?? 'No reasons given.'}</p>
          <p className="hint">Filed {new Date(appeal.createdAt).toLocaleString()}</p>
          <button onClick={() => void decide(appeal, 'upheld')}>Uphold</button> <button onClick={() => void decide(appeal, 'reversed')}>Reverse</button>
        </section>
      ))}
    </main>
  );
}
