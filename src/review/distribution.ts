/** Case-level answers of the class beside the panel's: CAD-RADS category, plaque burden and each modifier. */
import { CATEGORIES, MODIFIERS, PLAQUE_BURDENS, type PlaqueBurden } from '../report/cadrads.ts';
import { countOf } from './answers.ts';
import type { CaseReview } from './case-review.ts';
import type { ReviewText } from './labels.ts';

export interface DistributionRow {
  readonly kind: 'category' | 'burden' | 'modifier';
  readonly value: string;
  readonly label: string;
  readonly learners: number;
  readonly experts: number;
}

/** Rows for every value given by at least one learner or expert, in CAD-RADS order. */
export function distributionRows(c: CaseReview, t: ReviewText): DistributionRow[] {
  const experts = c.panel.experts;
  const out: DistributionRow[] = [];
  const push = (kind: DistributionRow['kind'], value: string, label: string, learners: number, exp: number) => {
    if (learners + exp > 0) out.push({ kind, value, label, learners, experts: exp });
  };
  for (const cat of CATEGORIES) push('category', cat, t('category', { c: cat }), c.categoryCounts.get(cat) ?? 0, c.panel.categoryCounts.get(cat) ?? 0);
  const panelBurden = countOf(experts.map((e) => e.plaqueBurden));
  for (const p of [...PLAQUE_BURDENS, null] as (PlaqueBurden | null)[]) {
    push('burden', p ?? 'none', p ? t('burden', { p }) : t('burdenNone'), c.burdenCounts.get(p) ?? 0, panelBurden.get(p) ?? 0);
  }
  for (const m of MODIFIERS) push('modifier', m, t('modifier', { m }), c.modifierCounts.get(m) ?? 0, c.panel.modifierCounts.get(m) ?? 0);
  return out;
}
