// Sizing a view to its container: a container that leaves the height open gets a share of the window.

import { h } from '../ui/dom.js';

/**
 * Marks `root` (already in the document, `height: 100%` in CSS) with `ts-auto` when its container's
 * height is open, so it takes `--ts-auto-height` (75vh) instead of collapsing to its minimum:
 * a tall probe grows an open container and leaves a sized one as it is.
 */
export function fitHeight(root) {
  root.classList.remove('ts-auto');
  const probe = h('div', { 'aria-hidden': 'true', style: { height: '5000px', flex: 'none', gridColumn: '1 / -1' } });
  root.append(probe);
  const open = root.getBoundingClientRect().height > 4000;
  probe.remove();
  if (open) root.classList.add('ts-auto');
  return open;
}
