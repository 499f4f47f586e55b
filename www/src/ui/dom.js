// DOM building without HTML strings: every value becomes text, so a log value can never run.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * What `h` and `s` take as attributes: `class`, `text` (set as textContent), `dataset`,
 * `on` ({event: handler}), `style` (object) and any attribute; null, undefined and false are
 * left out, true is an empty attribute.
 * @typedef {{ [name: string]: any, on?: { [event: string]: (e: any) => void }, dataset?: { [key: string]: any } }} Attrs
 */

/**
 * Children of `h`, `s` and `replace`: nodes, strings (become text nodes), arrays of them (nested
 * arrays are flattened; their items are not checked: a JSDoc type cannot refer to itself);
 * null, undefined and false are skipped.
 * @typedef {Node | string | number | null | undefined | false | unknown[]} Child
 */

/**
 * Creates an element. `attrs` may hold `class`, `text` (set as textContent), `dataset`,
 * `on` ({event: handler}), `style` (object) and any attribute; children are nodes or strings
 * (strings become text nodes). There is deliberately no way to set innerHTML.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/**
 * Same as `h` for SVG elements.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...Child} children
 * @returns {SVGElementTagNameMap[K]}
 */
export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/**
 * @template {HTMLElement | SVGElement} E
 * @param {E} el
 * @param {Attrs | null | undefined} attrs
 * @param {Child[]} children
 * @returns {E}
 */
function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'class') el.setAttribute('class', v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k.startsWith('on')) throw new Error(`use on: {} for handlers, not ${k}`);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** @param {Element} el @param {Child[]} children */
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * Replaces an element's children.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A value from a result cell as display text (null shows as empty).
 * @param {unknown} v
 */
export function cellText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  return String(v);
}
