import { choose, fallbackPattern, type NegotiationPlan } from '../../src/deploy/plan.js';

/** What a server running the plan chooses: the exact header, else the first fallback that matches, else r0. */
export function looked(plan: NegotiationPlan, suffixes: readonly string[], accept: string | undefined): string | undefined {
  const header = (accept ?? '').toLowerCase();
  const rank = plan.exact.find((e) => e.accept === header)?.rank
    ?? plan.fallbacks.find((f) => new RegExp(fallbackPattern(f), 'i').test(header))?.rank ?? 0;
  return choose(plan, suffixes, rank)?.mediaType;
}
