// Next-case latency of the in-memory ReviewQueue with 100,000 open cases while hundreds of reviewers hold leases, new
// signals keep arriving and time pressure keeps re-ranking cases: the reference the store's SQL must beat or match.
import { loadDefaultPolicy } from '../src/decide/index.js';
import { CATEGORIES, type Category } from '../src/domain/decision.js';
import { VigilError } from '../src/domain/errors.js';
import type { Claim, Reviewer, ReviewSignal } from '../src/domain/review.js';
import { NO_VIOLATION, ReviewQueue } from '../src/review/index.js';
import { describeLatency, seededRandom } from './measure.js';

const OPEN_CASES = 100_000;
const VOLUNTEERS = 280;
const MODERATORS = 20;
const GOLD_CASES = 200;
const WARM_UP_TURNS = 5_000;
const MEASURED_TURNS = 50_000;
/** Simulated time between two reviewer turns: 300 reviewers each deciding about once a minute. */
const TURN_MS = 200;
const HOUR = 3_600_000;

export function bench(): void {
  const random = seededRandom(5);
  const { policy } = loadDefaultPolicy();
  const queue = new ReviewQueue(policy, { random: seededRandom(7) });
  let posts = 0;

  /** A new post needing review: mostly machine `review` decisions, some user reports, a few from trusted flaggers. */
  function signalForNewPost(): ReviewSignal {
    const itemId = `post-${++posts}`;
    const draw = random();
    const category: Category = draw < 0.2 ? 'threat' : draw < 0.5 ? 'incitement' : 'glorification';
    const reach = { followers: Math.floor(10 ** (random() * 6)), ...(random() < 0.3 ? { views: Math.floor(10 ** (random() * 7)) } : {}) };
    const kind = random();
    if (kind < 0.1) return { kind: 'report', itemId, reporter: 'user', category, reach };
    if (kind < 0.11) return { kind: 'report', itemId, reporter: 'trusted_flagger', category, reach };
    return { kind: 'detection', itemId, action: 'review', category, score: 0.5 + random() * 0.35, reach };
  }

  // The backlog: 100,000 cases opened over the past day, so every stage of time pressure is represented.
  const start = Date.UTC(2026, 0, 1);
  let now = start;
  const filling = performance.now();
  for (let i = 0; i < OPEN_CASES; i++) {
    now = start + Math.floor((i / OPEN_CASES) * 24 * HOUR);
    queue.submit(signalForNewPost(), now);
  }
  const fillSeconds = (performance.now() - filling) / 1000;
  for (let i = 0; i < GOLD_CASES; i++) queue.addGold({ id: `gold-${i}`, itemId: `gold-post-${i}`, answer: random() < 0.7 ? 'remove' : 'allow' });

  const reviewers: Reviewer[] = [
    ...Array.from({ length: VOLUNTEERS }, (_, i): Reviewer => ({ id: `volunteer-${i}`, role: 'volunteer' })),
    ...Array.from({ length: MODERATORS }, (_, i): Reviewer => ({ id: `moderator-${i}`, role: 'moderator' })),
  ];
  // Each reviewer holds the case in hand until their next turn, so ~300 leases are live at any moment.
  const inHand = new Map<string, Claim>();
  const nextLatency: number[] = [];
  const decideLatency: number[] = [];
  const submitLatency: number[] = [];
  let overtaken = 0;

  for (let turn = 0; turn < WARM_UP_TURNS + MEASURED_TURNS; turn++) {
    const measuring = turn >= WARM_UP_TURNS;
    now += TURN_MS;
    const reviewer = reviewers[turn % reviewers.length];
    const claim = inHand.get(reviewer.id);
    if (claim && claim.expiresAt > now) {
      const remove = random() < 0.7;
      let began = performance.now();
      let settled = false;
      try {
        settled = queue.decide(claim.caseId, reviewer, remove ? 'remove' : 'allow', remove ? CATEGORIES[0] : NO_VIOLATION, now).outcome !== 'pending';
      } catch (error) {
        // A moderator settled the case, or a fellow volunteer escalated it, while this reviewer was reading.
        if (!(error instanceof VigilError)) throw error;
        overtaken++;
      }
      if (measuring) decideLatency.push(performance.now() - began);
      if (settled) {
        // A new post arrives for every case that leaves the volunteers' queue, keeping ~100,000 open.
        began = performance.now();
        queue.submit(signalForNewPost(), now);
        if (measuring) submitLatency.push(performance.now() - began);
      }
    }
    const began = performance.now();
    const next = queue.next(reviewer, now);
    if (measuring) nextLatency.push(performance.now() - began);
    if (next) inHand.set(reviewer.id, next);
    else inHand.delete(reviewer.id);
  }

  const open = queue.list('open', now, Number.MAX_SAFE_INTEGER).length;
  const escalated = queue.list('escalated', now, Number.MAX_SAFE_INTEGER).length;
  console.log(`in-memory ReviewQueue, default policy, one core: ${OPEN_CASES} cases opened over a day in ${fillSeconds.toFixed(1)} s`);
  console.log(`${reviewers.length} reviewers (${MODERATORS} moderators) each holding a lease, ${GOLD_CASES} gold cases, ${MEASURED_TURNS} measured turns over ${((MEASURED_TURNS * TURN_MS) / HOUR).toFixed(1)} simulated hours`);
  console.log(`next case: ${describeLatency(nextLatency)}`);
  console.log(`decide:    ${describeLatency(decideLatency)}`);
  console.log(`submit:    ${describeLatency(submitLatency)}`);
  console.log(`at the end: ${open} open, ${escalated} escalated; ${overtaken} decisions overtaken by another reviewer's`);
}
