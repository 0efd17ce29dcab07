/**
 * Plain-text rendering of a StructuredReport, French by default or English. Plain text only: a UI showing it
 * must set textContent (or escape with ./escape.ts), never innerHTML — free text comes from users and files.
 */
import { displayPct, isGraded } from './cadrads.ts';
import { interpretationText, managementLines } from './management.ts';
import type { Lang } from '../i18n/lang.ts';
import { fill } from '../i18n/catalogue.ts';
import type { Lesion, StructuredReport, TechniqueInfo } from './report.ts';
import { segmentName, vesselLabel } from './segments.ts';
import { EN } from './text-en.ts';
import { FR } from './text-fr.ts';
import type { ReportStrings } from './text-strings.ts';

export function reportStrings(lang: Lang): ReportStrings {
  return lang === 'en' ? EN : FR;
}

function fmt(t: ReportStrings, v: number, digits: number): string {
  const s = v.toFixed(digits);
  return t.decimal === ',' ? s.replace('.', ',') : s;
}

function techniqueLine(t: ReportStrings, info: TechniqueInfo): string {
  const parts: string[] = [];
  if (info.acquisition) parts.push(info.acquisition === 'prospective' ? t.prospective : t.retrospective);
  if (info.kvp !== undefined) parts.push(`${fmt(t, info.kvp, 0)} kV`);
  if (info.sliceThicknessMm !== undefined) parts.push(`${t.sliceThickness} ${fmt(t, info.sliceThicknessMm, 2)} mm`);
  if (info.heartRateBpm !== undefined) parts.push(`${t.heartRate} ${fmt(t, info.heartRateBpm, 0)} bpm`);
  if (info.phasePct !== undefined || info.phaseLabel) {
    const pct = info.phasePct !== undefined ? `${fmt(t, info.phasePct, 0)} %` : '';
    parts.push(`${t.phase} ${[info.phaseLabel, pct].filter(Boolean).join(' ')}`);
  }
  if (info.reconstructionKernel) parts.push(`${t.kernel} ${info.reconstructionKernel}`);
  if (info.contrastAgent) parts.push(`${t.contrast} ${info.contrastAgent}`);
  const scanner = [info.manufacturer, info.model].filter(Boolean).join(' ');
  if (scanner) parts.push(`${t.scanner} ${scanner}`);
  return `${t.technique}${colon(t)}${parts.length ? parts.join(t.listSep) : t.noTechnique}.`;
}

export function lesionText(t: ReportStrings, lang: Lang, l: Lesion): string {
  const parts: string[] = [];
  if (l.plaqueType) parts.push(t.plaque[l.plaqueType]);
  if (l.nonDiagnostic) parts.push(t.notAssessable);
  else if (l.diameterStenosisPct >= 100) parts.push(t.occlusion);
  else {
    let s = fill(t.stenosisDiameter, { pct: displayPct(l.diameterStenosisPct) });
    if (l.areaStenosisPct !== undefined) s += ` (${fill(t.stenosisArea, { pct: Math.round(l.areaStenosisPct) })})`;
    parts.push(s);
  }
  if (l.mldMm !== undefined && !l.nonDiagnostic) parts.push(`${t.mld} ${fmt(t, l.mldMm, 2)} mm`);
  if (l.mlaMm2 !== undefined && !l.nonDiagnostic) parts.push(`${t.mla} ${fmt(t, l.mlaMm2, 2)} mm²`);
  if (l.referenceDiameterMm !== undefined) parts.push(`${t.reference} ${fmt(t, l.referenceDiameterMm, 2)} mm`);
  if (l.lengthMm !== undefined) parts.push(`${t.length} ${fmt(t, l.lengthMm, 0)} mm`);
  if (l.volumesMm3) {
    const v = l.volumesMm3;
    const [c, n, la] = t.volumeParts;
    parts.push(
      `${t.volumes} ${c} ${fmt(t, v.calcified, 0)} / ${n} ${fmt(t, v.nonCalcified, 0)} / ${la} ${fmt(t, v.lowAttenuation, 0)} mm³`,
    );
  }
  const hrf = [...new Set(l.highRiskFeatures ?? [])];
  if (hrf.length) parts.push(`${t.highRiskTitle}${colon(t)}${hrf.map((f) => t.highRisk[f]).join(t.listSep)}`);
  const others = (l.involvedSegments ?? []).filter((s) => s !== l.segment);
  if (others.length) parts.push(`${t.extendsTo} ${others.map((s) => `${segmentName(s, lang)} (${t.segment} ${s})`).join(t.listSep)}`);
  if (l.sideBranch) {
    parts.push(
      fill(t.sideBranch, {
        segment: segmentName(l.sideBranch.segment, lang),
        pct: displayPct(l.sideBranch.diameterStenosisPct),
      }),
    );
  }
  if (l.bifurcation) {
    const b = l.bifurcation;
    parts.push(fill(t.bifurcation, { branch: b.sideVessel ? ` (${vesselLabel(b.sideVessel, lang)})` : '', medina: b.medina.map((d) => (d === null ? '?' : d)).join(',') }));
  }
  if (!isGraded({ segment: l.segment, diameterStenosisPct: 0, ...(l.referenceDiameterMm !== undefined ? { referenceDiameterMm: l.referenceDiameterMm } : {}) })) {
    parts.push(t.notGraded);
  }
  if (l.stent) parts.push(t.stent);
  if (l.graft) parts.push(t.graft);
  return parts.join(t.listSep);
}

function colon(t: ReportStrings): string {
  return t.decimal === ',' ? ' : ' : ': ';
}

/** The report as plain text (lines joined with \n). */
export function reportText(r: StructuredReport, lang: Lang = 'fr'): string {
  const t = reportStrings(lang);
  const c = colon(t);
  const segLabel = (s: number): string => `${segmentName(s, lang)} (${t.segment} ${s})`;
  const lines: string[] = [t.title, ''];
  lines.push(techniqueLine(t, r.technique));
  lines.push(`${t.dominanceTitle}${c}${r.dominance ? t.dominance[r.dominance] + (r.dominanceFromVessels ? t.dominanceFromVessels : '') : t.unknown}.`);
  lines.push(`${t.calciumTitle}${c}${r.calciumScore !== null ? fmt(t, r.calciumScore, 0) : t.calciumNotMeasured}.`);
  lines.push('', `${t.findingsTitle}${c.trimEnd()}`);
  if (r.findings.length === 0) lines.push(`- ${t.noLesion}.`);
  for (const row of r.findings) {
    for (const l of row.lesions) lines.push(`- ${segLabel(row.segment)}${c}${lesionText(t, lang, l)}.`);
  }
  if (r.normalSegments.length) {
    lines.push(`${t.normalSegments}${c}${r.normalSegments.map(segLabel).join(t.listSep)}.`);
  }
  if (r.nonDiagnosticSegments.length) {
    lines.push(`${t.nonDiagnosticSegments}${c}${r.nonDiagnosticSegments.map(segLabel).join(t.listSep)}.`);
  }
  if (r.exceptions.length) lines.push(`${t.exceptions}${c}${r.exceptions.join(t.listSep)}.`);

  const k = r.cadRads;
  lines.push('', `${t.conclusionTitle}${c}${k.label}.`);
  lines.push(interpretationText(k.category, lang));
  if (k.plaqueBurden) {
    const src = k.plaqueBurdenSource === 'calcium-score' && !r.overridden ? t.burdenFromCac : t.burdenFromSis;
    const sentence = fill(src, { p: k.plaqueBurden, sis: k.segmentInvolvementScore });
    lines.push(sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.');
  }
  if (r.overridden) {
    const s = fill(t.overridden, { label: r.proposed.label });
    lines.push(s.charAt(0).toUpperCase() + s.slice(1) + '.');
  }
  lines.push('', `${t.managementTitle}${c.trimEnd()}`);
  for (const m of managementLines(k.category, k.plaqueBurden, k.modifiers, lang)) lines.push(`- ${m}`);
  if (r.freeText.trim()) lines.push('', `${t.commentTitle}${c.trimEnd()}`, r.freeText.trim());
  return lines.join('\n');
}
