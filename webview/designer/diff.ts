/**
 * The designer's "what changed" mode in the page: the button that turns the comparison with git HEAD on and
 * off, and the line of totals (layers added, removed, changed; params before → after and the delta). The host
 * computes everything (through the core); the graph draws each node's change (see graph.ts).
 */
import type { DesignerState, WebviewMessage } from '../../src/shared/designer-protocol';
import { h, on } from './dom';

export function compareButton(s: DesignerState, post: (m: WebviewMessage) => void): HTMLElement | undefined {
  if (!s.document || !s.model) return undefined;
  const uri = s.document.uri;
  const comparing = !!s.comparing;
  return on(
    h(
      'vscode-button',
      { secondary: !comparing, class: 'compare', 'data-key': 'compare', 'aria-pressed': String(comparing), title: 'Show what changed in this model since the last commit (git HEAD)' },
      comparing ? 'Stop comparing' : 'Compare with HEAD',
    ),
    'click',
    () => post({ type: 'designer/compare', uri, on: !comparing }),
  );
}

/** The totals of the comparison, or why there is none. */
export function diffSummary(s: DesignerState): HTMLElement | undefined {
  if (!s.comparing) return undefined;
  const d = s.model?.diff;
  const note = s.diffNote ? h('span', { class: 'muted' }, ` ${s.diffNote}`) : undefined;
  if (!d) return h('p', { class: 'diff-summary', role: 'note' }, `Compared with ${s.comparing}:`, note ?? ' nothing to compare.');
  const layers = d.added + d.removed + d.changed === 0 ? 'no layer changed' : `${d.added} added, ${d.removed} removed, ${d.changed} changed`;
  return h(
    'p',
    { class: 'diff-summary', role: 'note', 'aria-label': `Compared with ${d.against}: ${layers}; params ${d.paramsBefore} to ${d.paramsAfter}, ${d.paramsDelta}` },
    `Compared with ${d.against}: ${layers} · params ${d.paramsBefore} → ${d.paramsAfter} `,
    h('strong', { class: `delta ${d.paramsDelta.startsWith('-') ? 'down' : d.paramsDelta.startsWith('+') ? 'up' : ''}` }, `(${d.paramsDelta})`),
    note,
  );
}
