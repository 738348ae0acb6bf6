// Human review: the pure core the server, store and console call. No I/O and no clock: callers pass `now`.
export { openOrJoinCase, opensCase } from './cases.js';
export { checkReason, consensus, NO_VIOLATION, recordVote } from './consensus.js';
export { queueHealth, reviewerAgreement, type QueueHealth, type ReviewerAgreement } from './dashboard.js';
export { caseDeadline, deadlineBreached, primaryCategory, timeToDecision } from './deadlines.js';
export { goldAccuracy, isTrustedReviewer, NO_GOLD_ANSWERS, scoreGoldAnswer, servesGold, type GoldRecord } from './gold.js';
export { casePriority, compareQueuePosition, priorityRecomputeAt, reachFactor, signalWeight, timePressure, type QueuePosition } from './priority.js';
export { ReviewQueue, type DecisionResult, type ReviewQueueOptions } from './queue.js';
export { reviewSettings } from './settings.js';
