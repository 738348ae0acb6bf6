// Statements of reasons (EU Digital Services Act, Art. 17): every restriction Vigil asks the platform to apply carries
// one, written so the person affected can understand it and knows how to contest it.
import type { Category, Decision } from '../domain/decision.js';
import type { AccountAction, EnforcementSettings, StatementOfReasons } from '../domain/enforcement.js';

const REDRESS = {
  outOfCourtSettlement: 'You may refer the decision to a certified out-of-court dispute settlement body (DSA Art. 21).',
  judicialRedress: 'You may also challenge the decision before a court.',
};

const CATEGORY_TEXT: Record<Category | 'none', string> = {
  threat: 'threatens violence against a person or group',
  incitement: 'incites others to violence',
  glorification: 'glorifies or celebrates violence',
  none: 'does not break the policy',
};

function redress(settings: EnforcementSettings, decidedAt: Date): StatementOfReasons['redress'] {
  const appealBy = new Date(decidedAt.getTime() + settings.appealWindowSeconds * 1000).toISOString();
  return { appeal: `Appeal through the platform until ${appealBy}; a person who did not take this decision reviews it.`, appealBy, ...REDRESS };
}

/** For a post removed (or held) because of `decision`; `reviewerId` when a person decided. */
export function postStatement(
  settings: EnforcementSettings,
  input: { action: string; decision: Pick<Decision, 'category' | 'score' | 'reasons' | 'policyVersion'>; reviewerId?: string; reported?: boolean; decidedAt: Date },
): StatementOfReasons {
  const { decision } = input;
  const excerpts = decision.reasons.map((r) => `"${r.excerpt}"`).join(', ');
  const detected = input.reported ? 'It was reported to us' : 'It was found by automated detection';
  const facts =
    `${detected}${decision.reasons.length > 0 ? `; the passages ${excerpts} matched the policy` : ''}` +
    (input.reviewerId ? '; a moderator reviewed it and confirmed the violation.' : `; the automated decision scored it ${decision.score.toFixed(2)}.`);
  return {
    restriction: { kind: 'post', action: input.action },
    factsAndCircumstances: facts,
    automatedDetection: !input.reported || decision.reasons.length > 0,
    automatedDecision: input.reviewerId === undefined,
    ground: {
      policyVersion: decision.policyVersion,
      category: decision.category,
      rules: [...new Set(decision.reasons.map((r) => r.rule))],
      explanation: `The post ${CATEGORY_TEXT[decision.category]} (policy category "${decision.category}").`,
    },
    redress: redress(settings, input.decidedAt),
  };
}

/** For an account action taken because active strikes reached a step of the ladder. */
export function accountStatement(
  settings: EnforcementSettings,
  input: { action: AccountAction; until?: Date; points: number; category: Category; itemId?: string; policyVersion: string; automated: boolean; credibleThreat: boolean; decidedAt: Date },
): StatementOfReasons {
  const facts =
    `The account has ${input.points} active strike point(s) under the policy's enforcement ladder` +
    (input.itemId ? `, the latest for post ${input.itemId} (${input.category})` : '') +
    (input.credibleThreat ? '; the latest violation is a credible threat, which skips steps of the ladder.' : '.');
  return {
    restriction: { kind: 'account', action: input.action, ...(input.until ? { until: input.until.toISOString() } : {}) },
    factsAndCircumstances: facts,
    automatedDetection: input.automated,
    automatedDecision: true,
    ground: {
      policyVersion: input.policyVersion,
      category: input.category,
      rules: ['enforcement.ladder'],
      explanation: `Repeated violations of the policy (latest: content that ${CATEGORY_TEXT[input.category]}) lead to account restrictions.`,
    },
    redress: redress(settings, input.decidedAt),
  };
}

/** Checks that a statement has every field DSA Art. 17(3) asks for; the list of what is missing (empty when complete). */
export function missingStatementFields(statement: Partial<StatementOfReasons> | undefined): string[] {
  if (!statement) return ['statement'];
  const missing: string[] = [];
  if (!statement.restriction?.kind || !statement.restriction.action) missing.push('restriction');
  if (!statement.factsAndCircumstances) missing.push('factsAndCircumstances');
  if (typeof statement.automatedDetection !== 'boolean') missing.push('automatedDetection');
  if (typeof statement.automatedDecision !== 'boolean') missing.push('automatedDecision');
  if (!statement.ground?.policyVersion || !statement.ground.explanation) missing.push('ground');
  if (!statement.redress?.appeal || !statement.redress.appealBy) missing.push('redress');
  return missing;
}
