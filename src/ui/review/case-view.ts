/**
 * One case of the class review as a column: panel labels, the panel lesions (most missed first) with counts, answers
 * and a chart each and a button that opens the viewer at the lesion, the false positives by segment, the case-level
 * distribution beside the panel's, and the learners' scores. Numbers are also put in data-* attributes so tests
 * read what the page shows.
 */
import { segmentName } from '../../report/segments.ts';
import { LESION_ANSWERS } from '../../review/answers.ts';
import type { CaseReview, LesionReview } from '../../review/case-review.ts';
import { lesionChartShapes } from '../../review/chart-model.ts';
import { distributionRows } from '../../review/distribution.ts';
import { answerText, caseTitle, countsText, learnerName, rangeText } from '../../review/labels.ts';
import type { Lps } from '../../volume/volume.ts';
import type { Lang } from '../../i18n/index.ts';
import { reviewText } from '../../i18n/review.ts';
import { el } from '../dom.ts';
import { rowOf, tableOf } from './dom.ts';
import { chartCanvas } from './lesion-chart.ts';

export interface CaseViewOptions {
  readonly lang: Lang;
  readonly showNames: boolean;
  /** opens the viewer on the case at a lesion's MLA */
  openAt(c: CaseReview, lesion: LesionReview, lps: Lps): void;
}

const countsAttr = (m: ReadonlyMap<string, number>): string => JSON.stringify(Object.fromEntries(m));

function lesionRow(c: CaseReview, l: LesionReview, o: CaseViewOptions): HTMLTableRowElement {
  const t = reviewText(o.lang);
  const p = l.panel;
  const experts = c.panel.keys.length;
  const open = el('button', { type: 'button', 'data-testid': 'review-open-lesion' }, t('openAtLesion'));
  if (p.positionLps) open.addEventListener('click', () => o.openAt(c, l, p.positionLps!));
  else {
    open.disabled = true;
    open.title = t('noPosition');
  }
  const chart = chartCanvas(
    lesionChartShapes({ learnerCounts: l.learnerAnswerCounts, learners: c.learners.length, panelCounts: p.answerCounts, experts, learnerDsPct: l.learnerDsPct, panelDsPct: p.dsPct }),
    `${p.id} ${countsText(t, l.learnerAnswerCounts, LESION_ANSWERS)}`,
  );
  const head = el('div', { class: 'review-lesion-head' });
  head.append(el('strong', {}, `${p.id} · ${p.vessel}`), el('div', {}, `${p.segment} ${segmentName(p.segment, o.lang)}`), open);
  return rowOf(
    [
      head,
      t('foundOf', { found: l.found, total: c.learners.length }),
      t('panelAnswer', { modal: p.modal.map((a) => answerText(t, a)).join(' / '), count: p.modalCount, experts, range: rangeText(p.dsPct) }),
      `${countsText(t, l.learnerAnswerCounts, LESION_ANSWERS)} · % DS ${rangeText(l.learnerDsPct)}`,
      chart,
    ],
    {
      'data-testid': 'review-lesion', 'data-lesion': p.id, 'data-segment': String(p.segment), 'data-found': String(l.found),
      'data-missed': String(l.missed), 'data-answers': countsAttr(l.learnerAnswerCounts), 'data-panel-answers': countsAttr(p.answerCounts),
    },
  );
}

export function caseView(c: CaseReview, index: number, o: CaseViewOptions): HTMLElement {
  const t = reviewText(o.lang);
  const root = el('section', { class: 'review-case', 'data-testid': 'review-case', 'data-case': caseTitle(c, index), 'data-study': c.panel.studyInstanceUid, 'data-learners': String(c.learners.length) });
  root.append(
    el('h3', {}, t('caseHeading', { name: caseTitle(c, index), experts: c.panel.keys.length, learners: c.learners.length })),
    el('p', { class: 'review-panel-label' }, t('panelLabel', { labels: [...c.panel.labelCounts].map(([l, n]) => `${l} (${n})`).join(' · ') })),
    el('h4', {}, t('lesionsTitle')),
    tableOf([t('colLesion'), t('colFound'), t('colPanel'), t('colClass'), t('colChart')], c.lesions.map((l) => lesionRow(c, l, o)), { class: 'review-lesions' }),
    el('p', { class: 'review-legend' }, t('legend')),
    el('h4', {}, t('fpTitle')),
  );
  const fp = el('ul', { 'data-testid': 'review-fp-list' });
  if (c.falsePositives.length === 0) fp.append(el('li', {}, t('fpNone')));
  for (const g of c.falsePositives) {
    fp.append(el('li', { 'data-testid': 'review-fp', 'data-segment': String(g.segment), 'data-lesions': String(g.lesions), 'data-learners': String(g.learners) },
      t('fpLine', { segment: g.segment, name: segmentName(g.segment, o.lang), lesions: g.lesions, learners: g.learners, ds: rangeText(g.dsPct) })));
  }
  root.append(fp, el('h4', {}, t('labelTitle')));
  const dist = distributionRows(c, t).map((d) =>
    rowOf([d.label, `${d.learners}/${c.learners.length}`, `${d.experts}/${c.panel.keys.length}`], { 'data-testid': 'review-dist', 'data-kind': d.kind, 'data-value': d.value, 'data-learners': String(d.learners), 'data-experts': String(d.experts) }),
  );
  root.append(tableOf([t('colValue'), t('colLearners'), t('colExperts')], dist, { class: 'review-dist' }), el('h4', {}, t('learnersTitle')));
  const learners = c.learners.map((r) =>
    rowOf(
      [learnerName(t, r, o.showNames), r.comparison.toFixed(0), r.concordance.toFixed(0), String(r.found), String(r.missed), String(r.extra), r.label],
      { 'data-testid': 'review-learner', 'data-number': String(r.number), 'data-comparison': r.comparison.toFixed(2), 'data-concordance': r.concordance.toFixed(2), 'data-found': String(r.found), 'data-missed': String(r.missed), 'data-extra': String(r.extra), 'data-label': r.label },
    ),
  );
  if (c.meanComparison !== null && c.meanConcordance !== null) learners.push(rowOf([t('mean'), c.meanComparison.toFixed(0), c.meanConcordance.toFixed(0)], { class: 'review-mean' }));
  root.append(tableOf([t('colLearner'), t('colScore'), t('colConcordance'), t('colFound'), t('colMissed'), t('colExtra'), t('colLabel')], learners, { class: 'review-learners' }));
  return root;
}
